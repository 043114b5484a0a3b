// The probe registry: probe type name (as the criteria catalog spells it) → a new probe.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

// nullptr when the type is unknown or not part of this build.
std::unique_ptr<Probe> make_probe(std::string_view type);

// The probe's own sequential requests (Probe::sequential_requests); 0 for an unknown type.
int sequential_requests(const criteria::ProbeSpec& spec);

// The token the probe will ask for (Probe::token_use); none for an unknown type.
TokenUse token_use(const criteria::ProbeSpec& spec, const profile::Profile& profile, const std::string& interface_id);

// The tokens the probe will ask for beside token_use's (Probe::tokens_ahead); none for an unknown type.
std::vector<std::string> tokens_ahead(const criteria::ProbeSpec& spec, const criteria::Catalog& catalog,
                                      const profile::Profile& profile);

// The probe types whose invocations finish before one of `type` starts: saml.slo logs out the login
// session saml.sso opened (ProbeContext::take_sso_session). Empty for most types.
std::vector<std::string_view> runs_after(std::string_view type);

// The types this build can run.
std::vector<std::string_view> available_probe_types();

} // namespace klarmeld::probes
