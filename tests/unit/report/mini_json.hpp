// A strict, small JSON parser (RFC 8259) for the report tests: enough to assert on the dumps of
// tests/tools/read_workbook.py and on our own JSON output. Throws std::runtime_error on bad input.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace klarmeld::test_json {

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> array;
  std::map<std::string, Value> object;

  const Value& operator[](const std::string& key) const {
    auto found = object.find(key);
    if (kind != Kind::Object || found == object.end()) {
      throw std::runtime_error("no key '" + key + "'");
    }
    return found->second;
  }
  const Value& operator[](std::size_t index) const {
    if (kind != Kind::Array || index >= array.size()) {
      throw std::runtime_error("no index " + std::to_string(index));
    }
    return array[index];
  }
  bool has(const std::string& key) const { return kind == Kind::Object && object.count(key) > 0; }
  const std::string& str() const {
    if (kind != Kind::String) {
      throw std::runtime_error("not a string");
    }
    return string;
  }
  std::size_t size() const { return kind == Kind::Array ? array.size() : object.size(); }
};

class Parser {
public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Value parse_document() {
    Value value = parse_value(0);
    skip_space();
    if (m_pos != m_text.size()) {
      fail("trailing characters");
    }
    return value;
  }

private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("JSON: " + what + " at byte " + std::to_string(m_pos));
  }
  void skip_space() {
    while (m_pos < m_text.size() &&
           (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r' || m_text[m_pos] == '\t')) {
      ++m_pos;
    }
  }
  bool take(char c) {
    skip_space();
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!take(c)) {
      fail(std::string("expected '") + c + "'");
    }
  }
  bool take_word(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) == word) {
      m_pos += word.size();
      return true;
    }
    return false;
  }

  Value parse_value(int depth) {
    if (depth > 64) {
      fail("nesting too deep");
    }
    skip_space();
    if (m_pos >= m_text.size()) {
      fail("unexpected end");
    }
    Value value;
    char c = m_text[m_pos];
    if (c == '{') {
      ++m_pos;
      value.kind = Value::Kind::Object;
      if (take('}')) {
        return value;
      }
      do {
        skip_space();
        std::string key = parse_string();
        expect(':');
        value.object[key] = parse_value(depth + 1);
      } while (take(','));
      expect('}');
    } else if (c == '[') {
      ++m_pos;
      value.kind = Value::Kind::Array;
      if (take(']')) {
        return value;
      }
      do {
        value.array.push_back(parse_value(depth + 1));
      } while (take(','));
      expect(']');
    } else if (c == '"') {
      value.kind = Value::Kind::String;
      value.string = parse_string();
    } else if (take_word("true")) {
      value.kind = Value::Kind::Bool;
      value.boolean = true;
    } else if (take_word("false")) {
      value.kind = Value::Kind::Bool;
    } else if (take_word("null")) {
      value.kind = Value::Kind::Null;
    } else {
      value.kind = Value::Kind::Number;
      std::size_t start = m_pos;
      while (m_pos < m_text.size() &&
             std::string_view("+-0123456789.eE").find(m_text[m_pos]) != std::string_view::npos) {
        ++m_pos;
      }
      if (start == m_pos) {
        fail("unexpected character");
      }
      value.number = std::stod(std::string(m_text.substr(start, m_pos - start)));
    }
    return value;
  }

  unsigned hex4() {
    if (m_pos + 4 > m_text.size()) {
      fail("short \\u escape");
    }
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      char h = m_text[m_pos++];
      code <<= 4;
      if (h >= '0' && h <= '9') {
        code |= static_cast<unsigned>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        code |= static_cast<unsigned>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        code |= static_cast<unsigned>(h - 'A' + 10);
      } else {
        fail("bad hex digit");
      }
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string parse_string() {
    if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
      fail("expected string");
    }
    ++m_pos;
    std::string out;
    while (true) {
      if (m_pos >= m_text.size()) {
        fail("unterminated string");
      }
      char c = m_text[m_pos++];
      if (c == '"') {
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("raw control character in string");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_text.size()) {
        fail("bad escape");
      }
      char e = m_text[m_pos++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        unsigned code = hex4();
        if (code >= 0xD800 && code <= 0xDBFF && take_word("\\u")) {
          unsigned low = hex4();
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, code);
        break;
      }
      default:
        fail("bad escape");
      }
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

inline Value parse(std::string_view text) {
  return Parser(text).parse_document();
}

} // namespace klarmeld::test_json
