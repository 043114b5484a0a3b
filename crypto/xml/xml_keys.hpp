// xmlsec keys from our OpenSSL objects: a signing key (private key + certificate, so xmlsec can write
// ds:X509Data) from an Identity, a verification key from a certificate. Each call makes a fresh key —
// keys are never shared between threads.
#pragma once

#include <string_view>

#include "crypto/identity.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto::xml {

Result<XmlSecKeyPtr> signing_key(const Identity& identity);
Result<XmlSecKeyPtr> verification_key(X509* certificate);
// The key alone, no certificate attached: for signatures whose KeyInfo is written by hand and must
// stay exactly as written (package signatures), and for checking them with the chosen signer's key.
Result<XmlSecKeyPtr> bare_key(EVP_PKEY* key);

// A certificate from base64 DER (ds:X509Certificate, wsse:BinarySecurityToken); whitespace ignored.
Result<X509Ptr> certificate_from_base64(std::string_view base64, const std::string& origin);

// Byte-equal DER: the way we decide "this is the trusted certificate" (no name matching).
bool same_certificate(X509* a, X509* b);

} // namespace klarmeld::crypto::xml
