// A minimal streaming JSON writer (RFC 8259): indented output, correct string escaping, UTF-8
// passed through (malformed bytes become U+FFFD so the output is always valid JSON).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace klarmeld::report {

std::string json_quoted(std::string_view text);

class JsonOut {
public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name); // inside an object, before each value
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(bool flag);

  // Convenience: key + value.
  template <typename T> void field(std::string_view name, const T& item) {
    key(name);
    value(item);
  }

  std::string finish(); // the document with a trailing newline

private:
  void before_value();
  void newline();
  void close(char bracket);

  std::string m_text;
  std::vector<bool> m_first; // per open container: no element written yet
  bool m_after_key = false;
};

} // namespace klarmeld::report
