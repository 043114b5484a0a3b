#include "sign/xml_text.hpp"

namespace klarmeld::sign {

std::string xml_escape(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      result += "&amp;";
      break;
    case '<':
      result += "&lt;";
      break;
    case '>':
      result += "&gt;";
      break;
    case '"':
      result += "&quot;";
      break;
    case '\r':
      result += "&#xD;";
      break;
    default:
      result += c;
    }
  }
  return result;
}

} // namespace klarmeld::sign
