// A minimal JSON reader (attestations, STS JSON answers, fixture requests): objects, arrays,
// strings, numbers, true/false/null — enough to read requests; depth and size are capped.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace klarmeld {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  std::string text; // String value, or the Number's literal
  std::vector<JsonValue> items;
  std::map<std::string, JsonValue> members;

  // Member by dotted path ("AppliesTo.EndpointReference.Address"); nullptr when absent.
  const JsonValue* at(const std::string& path) const;
  // The string at `path`, or "" when absent or not a string.
  std::string string_at(const std::string& path) const;
};

Result<JsonValue> parse_json(const std::string& text);

// Escapes a string for a JSON string literal (RFC 8259 §7).
std::string json_escape(const std::string& text);

} // namespace klarmeld
