// The bytes of every JSON document klarmeld writes (docs/json-format.md and the --json outputs of
// verify, diff and aggregate): a Json value dumped by nlohmann-json, after two rules of our own that
// the library does not have. Strings are made valid UTF-8 first, each malformed byte becoming U+FFFD
// (report/text.hpp's valid_utf8, the same rule as the workbook), so output is always valid JSON; and
// U+2028/U+2029 are written as \u escapes, because JavaScript before ECMA-262 2019 ends a string
// literal at them and the heatmap embeds JSON in a script.
#pragma once

#include <string>

#include "util/json.hpp"

namespace klarmeld::report {

// Two-space indentation, "key": value, and a trailing newline.
std::string json_document(const Json& value);
// Compact, no trailing newline: for JSON embedded in other text.
std::string json_inline(const Json& value);

} // namespace klarmeld::report
