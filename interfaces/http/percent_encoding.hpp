// Percent-encoding of URL query values and form fields (RFC 3986 §2.1): one spelling for the
// SAML bindings, the AccessTokenService form and the Redirect binding's reader.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace klarmeld::http {

// Everything but the unreserved characters (ALPHA DIGIT - . _ ~) as %XX, upper-case hex.
std::string percent_encode(std::string_view text);

// Strict %XX decoding; nullopt at a malformed escape, whose offset goes to *bad_at. '+' is a space
// only when `plus_is_space` (form encoding): base64 values keep a literal '+'.
std::optional<std::string> percent_decode(std::string_view raw, bool plus_is_space, size_t* bad_at = nullptr);

} // namespace klarmeld::http
