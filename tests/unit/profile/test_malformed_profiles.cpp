// Every tests/data/malformed/profile/<case>.yaml has one mistake; <case>.expected is the exact message
// (rendered, with the source line and caret). Cases that load are checked against the small test catalog,
// so "unknown interface/criterion" cases are covered too.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "../criteria/corpus_support.hpp"
#include "criteria/model/loader.hpp"
#include "profile/loader.hpp"

using namespace klarmeld;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> corpus_cases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(test::test_root() + "/data/malformed/profile")) {
    if (entry.path().extension() == ".yaml") {
      cases.push_back(entry.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// The first problem: from loading, or else from the cross-check against the catalog.
std::optional<Error> first_problem(const fs::path& file, const criteria::Catalog& catalog) {
  auto loaded = profile::load_profile(file.string());
  if (!loaded) {
    return loaded.error();
  }
  auto checked = profile::check_profile_against_catalog(*loaded, catalog);
  if (!checked) {
    return checked.error();
  }
  return std::nullopt;
}

} // namespace

TEST_SUITE("profile::malformed corpus") {
  TEST_CASE("the corpus is there and large enough to mean something") {
    CHECK(corpus_cases().size() >= 20);
  }

  TEST_CASE("each malformed profile gives exactly its expected message") {
    auto catalog = criteria::load_catalog(test::test_root() + "/data/catalogs/small");
    REQUIRE(catalog.ok());
    for (const auto& file : corpus_cases()) {
      CAPTURE(file.filename().string());
      auto problem = first_problem(file, *catalog);
      REQUIRE(problem.has_value());
      CHECK(problem->kind == ErrorKind::Input);
      CHECK(problem->code.starts_with("profile."));
      std::string text = test::relative_to_tests(problem->render()) + "\n";
      fs::path expected_path = file;
      expected_path.replace_extension(".expected");
      if (test::updating_expected()) {
        test::write_text(expected_path.string(), text);
      }
      REQUIRE(fs::exists(expected_path));
      CHECK(text == test::read_text(expected_path.string()));
    }
  }
}
