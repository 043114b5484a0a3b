// Small helpers shared by the token-based probes (sts.issue, soap.call, sts.protected, saml.slo):
// parameter/option lookup, rendering an exchange for evidence, and filling ProbeResult traffic facts.
#pragma once

#include <string>

#include "criteria/model/catalog.hpp"
#include "crypto/identity.hpp"
#include "interfaces/context.hpp"
#include "interfaces/http/http_client.hpp"
#include "interfaces/probe.hpp"
#include "profile/profile.hpp"

namespace klarmeld::probes::support {

std::string param(const criteria::ProbeSpec& spec, const std::string& name, const std::string& fallback);
std::string option(const profile::InterfaceEndpoint& endpoint, const std::string& name,
                   const std::string& fallback = {});
// The interface whose endpoint and token a probe uses: its `service` parameter, or its own interface.
std::string service_of(const criteria::ProbeSpec& spec, const std::string& interface_id);

// The CPR number test messages name when the profile gives none: fictitious (day 01, month 01, year
// 01, serial 1234 is no person's), and never a real person's.
inline constexpr const char* default_test_cpr = "0101011234";

std::string render_request(const http::Request& request);
std::string render_response(const http::Response& response);

// Performs the request, records the exchange (the context redacts tokens/assertions) and fills the
// result's status, sizes and digests.
Result<http::Response> perform_recorded(ProbeContext& context, const http::Request& request, const std::string& label,
                                        ProbeResult& result);

// A path relative to the profile file's directory (profiles name files relative to themselves).
std::string relative_to_profile(const profile::Profile& profile, const std::string& path);

// A key a forged case needs under a name the other side cannot trust: a self-signed certificate over a
// key already at hand. No key is generated: RSA key generation costs a run hundreds of milliseconds.
Result<crypto::Identity> stand_in(const crypto::Identity& owner, const std::string& common_name);

// A new RSA-2048 key for a case that needs one nobody has registered (an SP trusts a key, not a
// certificate). Three primes (RFC 8017 §3.2): the public key is an ordinary 2048-bit (n, e) and the
// signatures are the same RSASSA-PKCS1-v1_5 ones, since verification uses only n and e (§5.2.2,
// §8.2.2), so the other side sees no difference. Generating three 683-bit primes took 30–80 ms here
// where two 1024-bit primes took 90–590 ms, all of it CPU (docs/performance.md §6, session 18).
Result<crypto::EvpPkeyPtr> unregistered_rsa_key();

// Finishes a result: verdict, reason, started/duration.
ProbeResult finish(ProbeResult result, Verdict verdict, std::string reason, TimePoint started);

} // namespace klarmeld::probes::support
