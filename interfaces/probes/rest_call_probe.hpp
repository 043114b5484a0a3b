// Probe "rest.call" (SF1601): a Serviceplatform REST call with a holder-of-key access token over
// mutual TLS. Operations: kombipostafsend (send a MeMo message), postforespoerg (can a recipient
// receive Digital Post).
#pragma once

#include <memory>
#include <string>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_rest_call_probe();

// PostForespoerg's URL: options.postforespoerg_url, else beside KombiPostAfsend on the Serviceplatform
// (…/PostForespoerg_1/digitalpost); "" when neither is known.
std::string postforespoerg_url(const profile::InterfaceEndpoint& endpoint);

} // namespace klarmeld::probes
