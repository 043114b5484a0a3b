// Raw DEFLATE (RFC 1951, no zlib or gzip wrapper) as the SAML HTTP-Redirect binding carries its
// message (SAML bindings §3.4.4.1). Inflating untrusted input is capped: a few hundred bytes of
// DEFLATE can expand a thousandfold, so the cap is enforced while inflating, not afterwards.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld::saml {

// The same 16 MiB as http::Request::max_response_bytes' run default (and the XML parser's cap, which
// reads what comes out): an inflated message may be no larger than an answer we would accept.
inline constexpr size_t default_max_inflated_bytes = size_t{16} << 20;

std::string deflate_raw(std::string_view bytes);

// Errors (Input; messages name `origin`): saml.too-large when the output would exceed max_bytes
// (0 = default_max_inflated_bytes), saml.deflate for data that is not one complete raw DEFLATE stream
// (corrupt, truncated, or followed by other bytes).
Result<std::string> inflate_raw(std::string_view deflated, const std::string& origin, size_t max_bytes = 0);

} // namespace klarmeld::saml
