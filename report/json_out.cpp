#include "report/json_out.hpp"

#include <cstdio>

#include "report/text.hpp"

namespace klarmeld::report {

std::string json_quoted(std::string_view text) {
  std::string utf8 = valid_utf8(text);
  std::string quoted = "\"";
  quoted.reserve(utf8.size() + 2);
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    char c = utf8[i];
    switch (c) {
    case '"':
      quoted += "\\\"";
      break;
    case '\\':
      quoted += "\\\\";
      break;
    case '\n':
      quoted += "\\n";
      break;
    case '\r':
      quoted += "\\r";
      break;
    case '\t':
      quoted += "\\t";
      break;
    case '\b':
      quoted += "\\b";
      break;
    case '\f':
      quoted += "\\f";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        // RFC 8259 §7: control characters must be escaped.
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned int>(static_cast<unsigned char>(c)));
        quoted += escaped;
      } else if (utf8.compare(i, 3, "\xE2\x80\xA8") == 0 || utf8.compare(i, 3, "\xE2\x80\xA9") == 0) {
        // U+2028/U+2029 are valid JSON but break JavaScript string literals (ECMA-262 before 2019).
        quoted += utf8[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
        i += 2;
      } else {
        quoted += c;
      }
    }
  }
  quoted += '"';
  return quoted;
}

void JsonOut::newline() {
  m_text += '\n';
  m_text.append(m_first.size() * 2, ' ');
}

void JsonOut::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (!m_first.empty()) {
    if (!m_first.back()) {
      m_text += ',';
    }
    m_first.back() = false;
    newline();
  }
}

void JsonOut::begin_object() {
  before_value();
  m_text += '{';
  m_first.push_back(true);
}

void JsonOut::close(char bracket) {
  bool empty = m_first.back();
  m_first.pop_back();
  if (!empty) {
    newline();
  }
  m_text += bracket;
}

void JsonOut::end_object() {
  close('}');
}

void JsonOut::begin_array() {
  before_value();
  m_text += '[';
  m_first.push_back(true);
}

void JsonOut::end_array() {
  close(']');
}

void JsonOut::key(std::string_view name) {
  before_value();
  m_text += json_quoted(name);
  m_text += ": ";
  m_after_key = true;
}

void JsonOut::value(std::string_view text) {
  before_value();
  m_text += json_quoted(text);
}

void JsonOut::value(std::int64_t number) {
  before_value();
  m_text += std::to_string(number);
}

void JsonOut::value(bool flag) {
  before_value();
  m_text += flag ? "true" : "false";
}

std::string JsonOut::finish() {
  return std::move(m_text) + "\n";
}

} // namespace klarmeld::report
