#include "interfaces/http/percent_encoding.hpp"

#include <cctype>

namespace klarmeld::http {
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~';
}

int hex_value(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0'
                                                          : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

} // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view raw, bool plus_is_space, size_t* bad_at) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%') {
      if (i + 2 >= raw.size() || !is_hex(raw[i + 1]) || !is_hex(raw[i + 2])) {
        if (bad_at != nullptr) {
          *bad_at = i;
        }
        return std::nullopt;
      }
      out += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
      i += 2;
    } else {
      out += raw[i] == '+' && plus_is_space ? ' ' : raw[i];
    }
  }
  return out;
}

} // namespace klarmeld::http
