// Golden-file helpers for the malformed-input corpora: expected texts use paths relative to tests/, so
// they do not depend on where the source tree is checked out.
// KLARMELD_UPDATE_EXPECTED=1 rewrites the .expected files (then review the diff before committing).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace klarmeld::test {

inline std::string test_root() {
  return KLARMELD_TEST_DATA;
}

inline std::string relative_to_tests(std::string text) {
  const std::string prefix = test_root() + "/";
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline bool updating_expected() {
  const char* flag = std::getenv("KLARMELD_UPDATE_EXPECTED");
  return flag && std::string(flag) == "1";
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

} // namespace klarmeld::test
