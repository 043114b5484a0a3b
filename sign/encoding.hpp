// Base64 and raw digests as XML-DSig needs them (DigestValue, X509Certificate, CertDigest).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <openssl/x509.h>

namespace klarmeld::sign {

std::string base64_encode(std::string_view bytes);
// Accepts line breaks and spaces inside (XML-DSig allows them); nullopt when not base64.
std::optional<std::string> base64_decode(std::string_view text);
// Raw digest by XML-DSig algorithm URI (sha1, sha256, sha512); nullopt for an unknown algorithm.
std::optional<std::string> digest_by_uri(std::string_view algorithm_uri, std::string_view bytes);
// Issuer name as XAdES IssuerSerial writes it (RFC 2253) and the serial number in decimal.
std::string issuer_rfc2253(X509* certificate);
std::string serial_decimal(X509* certificate);

} // namespace klarmeld::sign
