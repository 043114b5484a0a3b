// Probe "tls": the TLS handshake to an interface's endpoint (or the STS) meets the baseline —
// TLS ≥ min_version, a chain to the profile's CA bundle, the host name, time left before expiry,
// no weak cipher.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_tls_probe();

} // namespace klarmeld::probes
