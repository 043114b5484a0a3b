// Every case under tests/data/malformed/criteria/<case>/ is a catalog directory with one or more
// mistakes; <case>.expected holds the exact text `klarmeld criteria lint` prints for it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "corpus_support.hpp"
#include "criteria/model/loader.hpp"

using namespace klarmeld;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> corpus_cases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(test::test_root() + "/data/malformed/criteria")) {
    if (entry.is_directory()) {
      cases.push_back(entry.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string rendered(const std::vector<Error>& findings) {
  std::string text;
  for (const auto& finding : findings) {
    text += finding.render() + "\n\n";
  }
  return test::relative_to_tests(text);
}

} // namespace

TEST_SUITE("criteria::malformed corpus") {
  TEST_CASE("the corpus is there and large enough to mean something") {
    CHECK(corpus_cases().size() >= 20);
  }

  TEST_CASE("each malformed catalog gives exactly its expected findings") {
    for (const auto& dir : corpus_cases()) {
      CAPTURE(dir.filename().string());
      auto findings = criteria::lint_catalog(dir.string());
      REQUIRE_FALSE(findings.empty());
      std::string expected_path = dir.string() + ".expected";
      if (test::updating_expected()) {
        test::write_text(expected_path, rendered(findings));
      }
      REQUIRE(fs::exists(expected_path));
      CHECK(rendered(findings) == test::read_text(expected_path));
    }
  }

  TEST_CASE("loading stops at the first of the findings lint reports") {
    for (const auto& dir : corpus_cases()) {
      CAPTURE(dir.filename().string());
      auto findings = criteria::lint_catalog(dir.string());
      auto loaded = criteria::load_catalog(dir.string());
      REQUIRE_FALSE(loaded.ok());
      REQUIRE_FALSE(findings.empty());
      CHECK(loaded.error().render() == findings.front().render());
      CHECK(loaded.error().kind == ErrorKind::Input);
      CHECK(loaded.error().code.starts_with("criteria."));
    }
  }
}
