// Base64 (RFC 4648, padded, one line) — the one implementation every layer uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace klarmeld {

std::string base64_encode(std::string_view bytes);
// Whitespace is ignored (XML base64Binary and PEM-like bodies may be wrapped); nullopt if not base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace klarmeld
