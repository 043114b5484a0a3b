#include "util/markup_escape.hpp"

namespace klarmeld {
namespace {

struct Dialect {
  const char* apostrophe; // nullptr: written as is
  bool carriage_return_as_reference;
};

std::string escape(std::string_view text, Dialect dialect) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      if (dialect.apostrophe != nullptr) {
        out += dialect.apostrophe;
      } else {
        out += c;
      }
      break;
    case '\r':
      if (dialect.carriage_return_as_reference) {
        out += "&#xD;";
      } else {
        out += c;
      }
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace

std::string escape_xml(std::string_view text) {
  return escape(text, {"&apos;", false});
}

std::string escape_html(std::string_view text) {
  return escape(text, {"&#39;", false});
}

std::string escape_xml_canonical(std::string_view text) {
  return escape(text, {nullptr, true});
}

} // namespace klarmeld
