// sts.issue (SF1514 "STS udgående"): fetch a token from KOMBIT's STS with the vendor's system
// certificate and validate the assertion (STS signature against credentials.sts_certificate, issuer =
// environment.sts.issuer, audience = the service entityID, lifetime, holder-of-key = the system
// certificate, CVR = the pilot municipality).
// Parameters: variant = soap (default; environment.sts.url) | rest (environment.sts.rest_url) |
// token_exchange (SOAP token, then environment.sts.token_exchange_url); service = the interface whose
// entity_id is AppliesTo (default: own).
// Ja: a valid token (facts: assertion id, issuer, audience, not_before/not_on_or_after, lifetime).
// Nej: the STS refused (fault code + text) or its token fails a check (the precise reason).
// Ikke testet: missing inputs (URL, entity_id, STS certificate, system identity) or transport failure.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_sts_issue_probe();

} // namespace klarmeld::probes
