// Field lookups in the STS REST and AccessTokenService answers (a handful of flat string and number
// fields, kombit-notes "Tokens"), read with the project's JSON reader (util/json_value).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace klarmeld::sts {

// The value of the first "key": "…" pair anywhere in the text (escapes decoded); nullopt if absent
// or not a string.
std::optional<std::string> json_string_field(std::string_view json, std::string_view key);
// The value of the first "key": <integer> (or "key": "<integer>") pair.
std::optional<long long> json_integer_field(std::string_view json, std::string_view key);
// A JSON string literal (with quotes) for building requests.
std::string json_quote(std::string_view text);

} // namespace klarmeld::sts
