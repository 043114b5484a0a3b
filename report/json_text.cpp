#include "report/json_text.hpp"

#include <string_view>

#include "report/text.hpp"

namespace klarmeld::report {
namespace {

// A copy whose keys and strings are valid UTF-8 (valid_utf8's rule: one U+FFFD per malformed byte).
Json with_valid_utf8(const Json& value) {
  if (value.is_string()) {
    return valid_utf8(value.get_ref<const std::string&>());
  }
  if (value.is_array()) {
    Json items = Json::array();
    for (const Json& item : value) {
      items.push_back(with_valid_utf8(item));
    }
    return items;
  }
  if (value.is_object()) {
    Json members = Json::object();
    for (const auto& [name, member] : value.items()) {
      members[valid_utf8(name)] = with_valid_utf8(member);
    }
    return members;
  }
  return value;
}

// After dumping, E2 80 A8 / E2 80 A9 can only be U+2028 / U+2029 inside a string (the text is
// valid UTF-8 and JSON's own syntax is ASCII), so replacing the bytes is exact.
std::string escape_line_separators(std::string text) {
  constexpr std::string_view lead = "\xE2\x80";
  for (std::size_t at = text.find(lead); at != std::string::npos; at = text.find(lead, at)) {
    if (at + 2 < text.size() && (text[at + 2] == '\xA8' || text[at + 2] == '\xA9')) {
      text.replace(at, 3, text[at + 2] == '\xA8' ? "\\u2028" : "\\u2029");
      at += 6;
    } else {
      at += 2;
    }
  }
  return text;
}

// U+FFFE and U+FFFF are well-formed UTF-8 that nlohmann-json accepts but valid_utf8 replaces (they
// are not XML characters, and the JSON keeps the workbook's rule).
bool has_non_characters(const std::string& text) {
  return text.find("\xEF\xBF\xBE") != std::string::npos || text.find("\xEF\xBF\xBF") != std::string::npos;
}

std::string dump(const Json& value, int indent) {
  // Almost every document is valid UTF-8 already: dump it as it is, and copy it with valid_utf8
  // applied only when the library's strict check finds a malformed byte (it reports that by
  // exception, which ends here).
  std::string text;
  try {
    text = value.dump(indent, ' ', false, Json::error_handler_t::strict);
  } catch (const Json::type_error&) {
    text.clear();
  }
  if (text.empty() || has_non_characters(text)) {
    // error_handler replace never fires on the sanitised copy; it only keeps dump() from throwing.
    text = with_valid_utf8(value).dump(indent, ' ', false, Json::error_handler_t::replace);
  }
  return escape_line_separators(std::move(text));
}

} // namespace

std::string json_document(const Json& value) {
  return dump(value, 2) + "\n";
}

std::string json_inline(const Json& value) {
  return dump(value, -1);
}

} // namespace klarmeld::report
