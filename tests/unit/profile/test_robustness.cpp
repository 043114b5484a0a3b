// The loaders never crash and never throw, whatever the file holds: each case must come back as an input
// error (or, for harmless text, a clean load), not an exception or a signal.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include <unistd.h>

#include "../criteria/corpus_support.hpp"
#include "criteria/model/loader.hpp"
#include "profile/loader.hpp"

using namespace klarmeld;
namespace fs = std::filesystem;

namespace {

class TemporaryDirectory {
public:
  explicit TemporaryDirectory(const std::string& name)
      : m_path(fs::temp_directory_path() / ("klarmeld-" + name + "-" + std::to_string(::getpid()))) {
    fs::create_directories(m_path);
  }
  ~TemporaryDirectory() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  std::string file(const std::string& name, const std::string& content) const {
    std::string path = (m_path / name).string();
    test::write_text(path, content);
    return path;
  }
  std::string path() const { return m_path.string(); }

private:
  fs::path m_path;
};

} // namespace

TEST_SUITE("profile::robustness") {
  TEST_CASE("a file over the size limit is refused before parsing") {
    TemporaryDirectory dir("huge");
    std::string path = dir.file("huge.yaml", "vendor: \"" + std::string(5u << 20, 'x') + "\"\n");
    auto loaded = profile::load_profile(path);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "profile.too-large");
  }

  TEST_CASE("absurd nesting is a YAML error, not a stack overflow") {
    TemporaryDirectory dir("deep");
    std::string path = dir.file("deep.yaml", "vendor: " + std::string(100000, '[') + "\n");
    auto loaded = profile::load_profile(path);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "profile.malformed-yaml");
  }

  TEST_CASE("anchors and aliases are fine, undefined aliases are errors") {
    TemporaryDirectory dir("alias");
    std::string path = dir.file("alias.yaml", "vendor: *nothing\n");
    auto loaded = profile::load_profile(path);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "profile.malformed-yaml");
  }

  TEST_CASE("a directory where a file is expected") {
    TemporaryDirectory dir("dir");
    auto loaded = profile::load_profile(dir.path());
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "profile.not-a-file");
  }

  TEST_CASE("random bytes and random YAML-ish text never crash either loader") {
    TemporaryDirectory dir("random");
    std::mt19937 random(20261123); // fixed seed: a failure is reproducible
    const std::string alphabet = "abcSF15:0.-_ \n\t[]{}\"'#&*!|>%@`,?\x01\xff\xc3\xa6";
    std::filesystem::create_directories(dir.path() + "/catalog");
    for (int round = 0; round < 300; ++round) {
      std::string text;
      size_t length = random() % 400;
      for (size_t i = 0; i < length; ++i) {
        text += round % 2 == 0 ? static_cast<char>(random() % 256) : alphabet[random() % alphabet.size()];
      }
      auto loaded = profile::load_profile(dir.file("p.yaml", text));
      CHECK_FALSE(loaded.ok()); // nothing random is a complete profile
      dir.file("catalog/catalog.yaml", "identity: x\nversion: y\norder: [SF1500]\n");
      dir.file("catalog/SF1500.yaml", text);
      CHECK_FALSE(criteria::lint_catalog(dir.path() + "/catalog").empty());
    }
  }
}
