// Probe "rest.call" (SF1601): a Serviceplatform REST call with a holder-of-key access token over
// mutual TLS. Operations: kombipostafsend (send a MeMo message), postforespoerg (can a recipient
// receive Digital Post).
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_rest_call_probe();

} // namespace klarmeld::probes
