// The SAML 2.0 HTTP-Redirect binding (SAML bindings §3.4): a message travels DEFLATE-compressed and
// base64-encoded in a URL query parameter (SAMLRequest/SAMLResponse), and its signature is not XML-DSig
// but a signature over the query string itself (§3.4.4.1):
//   SAMLResponse=<value>&RelayState=<value>&SigAlg=<value>   (RelayState only when present)
// with each value exactly as URL-encoded in the URL — re-encoding could change the octets the sender
// signed. The signature (base64 in the Signature parameter) is verified with the sender's metadata
// signing certificate by OpenSSL EVP; only RSA-SHA256 is accepted, as for XML signatures (crypto/xml).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/handles.hpp"
#include "crypto/identity.hpp"
#include "crypto/xml/namespaces.hpp"
#include "util/result.hpp"

namespace klarmeld::saml {

inline constexpr const char* sig_alg_rsa_sha256 = crypto::xml::ns::rsa_sha256;
inline constexpr const char* sig_alg_rsa_sha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";

struct RedirectMessage {
  std::string destination;   // the URL without its query: where the browser would be sent
  std::string field;         // SAMLResponse or SAMLRequest
  std::string xml;           // the inflated message
  std::string relay_state;   // decoded; empty when absent
  std::string sig_alg;       // decoded; empty when the message is unsigned
  std::string signature;     // raw signature bytes (base64-decoded)
  std::string signed_octets; // field=…[&RelayState=…]&SigAlg=… as the URL carried them
};

// Reads `field` from a Redirect-binding URL (typically a 3xx Location). Untrusted input: the message is
// inflated with a cap (max_inflated_bytes, 0 = default_max_inflated_bytes of raw_deflate.hpp).
// Errors (Input): saml.binding (parameter missing or repeated, bad %-encoding or base64), saml.deflate,
// saml.too-large.
Result<RedirectMessage> read_redirect_binding(std::string_view url, const std::string& field,
                                              size_t max_inflated_bytes = 0);

// Verifies the query signature with any one of `signers` (metadata may list several during a key
// rollover) and returns the certificate that verified. Errors (Input): saml.signature-missing (no
// Signature or SigAlg), saml.weak-algorithm (SHA-1), saml.unsupported-algorithm (anything but
// RSA-SHA256), saml.signature-invalid.
Result<X509*> verify_redirect_signature(const RedirectMessage& message, const std::vector<crypto::X509Ptr>& signers);

// The sender's side (the fixture's SP, tests): destination?field=…[&RelayState=…]&SigAlg=…&Signature=…
// signed RSA-SHA256 with `signer`; without a signer the URL carries neither SigAlg nor Signature.
Result<std::string> redirect_binding_url(const std::string& destination, const std::string& field, std::string_view xml,
                                         const std::string& relay_state, const crypto::Identity* signer);

} // namespace klarmeld::saml
