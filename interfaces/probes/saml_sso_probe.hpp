// saml.sso (SF1511, issue #16): klarmeld logs in to the vendor's SAML SP as KOMBIT's Context Handler
// would (SAML profiles §4.1, OIOSAML 3): it opens the protected page (options.protected_url), checks
// the SP's signed AuthnRequest and answers by HTTP-POST to the ACS with a Response whose assertion it
// signs with the system certificate as the IdP options.idp_entity_id (sso_login.hpp).
// case valid: Ja when the protected page then answers 200 as the user (with options.user_text when
// set); the session is kept for saml.slo, which runs after this probe and logs it out.
// Every other case answers with one forged Response (unsigned, tampered, signature_wrapping,
// expired, not_yet_valid, wrong_audience, wrong_destination, wrong_issuer, untrusted_key,
// other_in_response_to, replayed, sha1): Ja when the user stays logged out, Nej naming the case and
// what the SP answered when it let the user in.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_saml_sso_probe();

} // namespace klarmeld::probes
