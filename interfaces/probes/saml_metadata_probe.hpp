// Probe "saml.metadata" (SF1511): fetch the vendor's SP metadata and check it (metadata_checks.hpp).
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_saml_metadata_probe();

} // namespace klarmeld::probes
