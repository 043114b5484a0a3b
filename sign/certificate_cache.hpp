// Certificates decoded from DER once per process. Every klarmelding of a vendor carries the same
// signer and CA certificates, and OpenSSL 3's d2i_X509 (public-key decoders) was ~5 % of `aggregate`'s
// CPU (docs/performance.md, Aggregate). The key is the exact DER bytes, so a cached certificate is the
// one the file carries: nothing about trust is cached, only the decoding.
#pragma once

#include <string_view>

#include "crypto/handles.hpp"

namespace klarmeld::sign {

// A new reference to the certificate these DER bytes encode, or null when they are not one.
// Thread-safe; holds at most a few hundred certificates (then starts afresh).
crypto::X509Ptr decode_certificate(std::string_view der);

} // namespace klarmeld::sign
