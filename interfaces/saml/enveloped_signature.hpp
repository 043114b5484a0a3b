// The enveloped signature of a SAML element (assertion, LogoutRequest, LogoutResponse …) checked the
// way SAML core §5.4 requires: one ds:Signature child, exactly one Reference, whose URI is "#" + the
// element's own ID and which resolves to THIS node — anything else is treated as signature wrapping.
#pragma once

#include <vector>

#include <libxml/tree.h>

#include "crypto/handles.hpp"
#include "util/result.hpp"

namespace klarmeld::saml {

struct SignatureCheck {
  X509* trusted_signer = nullptr;  // the trusted certificate that verified (when trusted were given)
  crypto::X509Ptr embedded_signer; // the KeyInfo certificate, when verified with it (no trust list)
};

// With trusted certificates: the KeyInfo certificate only selects among them; without any (nullptr or
// empty) and allow_embedded_key: verifies with the KeyInfo certificate and says so (embedded_signer).
// Error codes: saml.signature-missing, saml.signature-invalid, saml.signature-wrapping, saml.untrusted-signer.
Result<SignatureCheck> verify_enveloped_signature(xmlNode* element, const std::vector<crypto::X509Ptr>* trusted,
                                                  bool allow_embedded_key, const char* what);

} // namespace klarmeld::saml
