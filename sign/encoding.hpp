// Base64 and raw digests as XML-DSig needs them (DigestValue, X509Certificate, CertDigest).
#pragma once

#include "util/base64.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <openssl/x509.h>

namespace klarmeld::sign {

using klarmeld::base64_decode; // util/base64.hpp
using klarmeld::base64_encode;

// Raw digest by XML-DSig algorithm URI (sha1, sha256, sha512); nullopt for an unknown algorithm.
std::optional<std::string> digest_by_uri(std::string_view algorithm_uri, std::string_view bytes);
// Issuer name as XAdES IssuerSerial writes it (RFC 2253) and the serial number in decimal.
std::string issuer_rfc2253(X509* certificate);
std::string serial_decimal(X509* certificate);

} // namespace klarmeld::sign
