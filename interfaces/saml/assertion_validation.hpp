// Validating a KOMBIT holder-of-key assertion (kombit-notes "Tokens", "Exposing a service"): STS signature
// on exactly this assertion node, trusted signer, issuer, audience, validity window, holder-of-key
// certificate, CVR. Every failure has its own code so probes and the fixture's services can say why.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "crypto/handles.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::saml {

struct AssertionPolicy {
  const std::vector<crypto::X509Ptr>* trusted_signers = nullptr; // STS certificates (byte-equal match)
  std::string expected_issuer;                                   // empty: not checked
  std::string audience;                                          // empty: not checked
  std::string cvr;                                               // empty: not checked
  X509* holder_certificate = nullptr;                            // nullptr: not checked
  TimePoint now = Clock::now();
  std::chrono::seconds clock_skew{300};
};

struct ValidatedAssertion {
  std::string id;
  std::string issuer;
  std::string audience; // the first Audience (all are in `audiences`)
  std::vector<std::string> audiences;
  std::string subject_name_id;
  TimePoint issue_instant{};
  TimePoint not_before{};
  TimePoint not_on_or_after{};
  std::string cvr;
  crypto::X509Ptr holder_certificate;
  crypto::X509Ptr signer_certificate; // the trusted certificate that verified the signature
  std::map<std::string, std::vector<std::string>> attributes;
  xmlNode* node = nullptr; // the validated element (only for the xmlNode overload)
};

// Error codes (Input): saml.malformed, saml.signature-missing, saml.signature-invalid,
// saml.signature-wrapping (the signed element is not this assertion), saml.untrusted-signer,
// saml.issuer, saml.audience, saml.expired, saml.not-yet-valid, saml.holder-of-key, saml.cvr.
// The assertion is validated in place (it may sit inside an RSTR or a SOAP header).
Result<ValidatedAssertion> validate_assertion(xmlNode* assertion, const AssertionPolicy& policy);
// A standalone assertion as text (parsed with crypto::xml::parse_untrusted_xml).
Result<ValidatedAssertion> validate_assertion(std::string_view xml, const AssertionPolicy& policy);

// Privilege URIs from a Privileges_intermediate value (base64 OIO-BPP) for the given CVR scope.
Result<std::vector<std::string>> privileges_for(const ValidatedAssertion& assertion, const std::string& cvr);

} // namespace klarmeld::saml
