#include "interfaces/sts/json_fields.hpp"

#include "util/json_value.hpp"

#include <cctype>
#include <cstdio>

namespace klarmeld::sts {
namespace {

// Position just after `"key"` + optional whitespace + ':' + optional whitespace.
std::optional<size_t> value_start(std::string_view json, std::string_view key) {
  std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t at = json.find(quoted); at != std::string_view::npos; at = json.find(quoted, at + 1)) {
    size_t pos = at + quoted.size();
    while (pos < json.size() && std::isspace(static_cast<unsigned char>(json[pos]))) {
      ++pos;
    }
    if (pos < json.size() && json[pos] == ':') {
      ++pos;
      while (pos < json.size() && std::isspace(static_cast<unsigned char>(json[pos]))) {
        ++pos;
      }
      return pos;
    }
  }
  return std::nullopt;
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

std::optional<std::string> read_string(std::string_view json, size_t pos) {
  if (pos >= json.size() || json[pos] != '"') {
    return std::nullopt;
  }
  std::string out;
  for (++pos; pos < json.size(); ++pos) {
    char c = json[pos];
    if (c == '"') {
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++pos >= json.size()) {
      return std::nullopt;
    }
    switch (json[pos]) {
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    case 'r':
      out += '\r';
      break;
    case 'b':
      out += '\b';
      break;
    case 'f':
      out += '\f';
      break;
    case 'u': {
      if (pos + 4 >= json.size()) {
        return std::nullopt;
      }
      unsigned code = 0;
      for (int i = 1; i <= 4; ++i) {
        char h = json[pos + static_cast<size_t>(i)];
        if (!std::isxdigit(static_cast<unsigned char>(h))) {
          return std::nullopt;
        }
        code = code * 16 + static_cast<unsigned>(
                               std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
      }
      append_utf8(out, code);
      pos += 4;
      break;
    }
    default:
      out += json[pos]; // \" \\ \/
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> json_string_field(std::string_view json, std::string_view key) {
  auto start = value_start(json, key);
  return start ? read_string(json, *start) : std::nullopt;
}

std::optional<long long> json_integer_field(std::string_view json, std::string_view key) {
  auto start = value_start(json, key);
  if (!start) {
    return std::nullopt;
  }
  std::string digits;
  size_t pos = *start;
  if (pos < json.size() && json[pos] == '"') {
    auto text = read_string(json, pos);
    if (!text) {
      return std::nullopt;
    }
    digits = *text;
  } else {
    while (pos < json.size() && (std::isdigit(static_cast<unsigned char>(json[pos])) || json[pos] == '-')) {
      digits += json[pos++];
    }
  }
  if (digits.empty() || digits.size() > 18) {
    return std::nullopt;
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(digits[i])) && !(i == 0 && digits[i] == '-')) {
      return std::nullopt;
    }
  }
  return std::stoll(digits);
}

std::string json_quote(std::string_view text) {
  return "\"" + json_escape(std::string(text)) + "\"";
}

} // namespace klarmeld::sts
