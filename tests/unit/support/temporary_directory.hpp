// A fresh folder under the system's temporary directory (mkdtemp), removed with everything in it when
// the test ends. Header-only, so every layer's tests can use it.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <system_error>

#include <doctest/doctest.h>
#include <stdlib.h>

namespace klarmeld::test {

class TemporaryDirectory {
public:
  explicit TemporaryDirectory(const std::string& prefix = "klarmeld-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    m_path = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    REQUIRE(!m_path.empty());
  }
  ~TemporaryDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::string& path() const { return m_path; }
  std::string operator/(const std::string& name) const { return m_path + "/" + name; }
  std::set<std::string> names() const {
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(m_path)) {
      found.insert(entry.path().filename().string());
    }
    return found;
  }

private:
  std::string m_path;
};

} // namespace klarmeld::test
