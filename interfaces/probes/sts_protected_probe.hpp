// sts.protected (SF1512 "STS indgående"): does the vendor's token-protected web service (WSP) accept
// a correct OIOIDWS call and reject each faulty one? Parameter `case`:
//   valid               a correct call must be ACCEPTED (2xx without SOAP fault)
//   no_token            no wsse:Security at all
//   expired             assertion NotOnOrAfter in the past
//   not_yet_valid       assertion NotBefore in the future
//   wrong_audience      Audience is not the WSP's entityID
//   wrong_issuer        assertion from an issuer/key the WSP must not trust
//   tampered            assertion changed after it was signed (message signature itself valid)
//   signature_wrapping  signed Body moved into a header wrapper, another Body inserted
//   non_holder_key      message signed by a key other than the assertion's holder-of-key
//   replayed            the same valid message (same MessageID) sent twice; the 2nd must be refused
//   no_timestamp        no wsu:Timestamp in the Security header
// A negative case is Ja when REJECTED (HTTP 4xx, or a SOAP fault), Nej when accepted, with the
// reason ("the service accepted an expired token").
//
// Forging tokens needs a token-signing key the vendor's TEST WSP trusts in place of KOMBIT's STS:
// the PKCS#12 at environment.interfaces.<id>.options.test_issuer_p12 (relative to the profile; same
// password source as credentials: password_env / password_file). options.test_issuer names the Issuer
// (default environment.sts.issuer). The WSP's own URL and entity_id (= the expected Audience) come from
// the interface endpoint; options.action and options.request_body (an XML element) choose the
// operation called (default: a harmless klarmeld ping element). The holder-of-key is the system
// certificate, which also signs the messages.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_sts_protected_probe();

} // namespace klarmeld::probes
