#include <doctest/doctest.h>

#include <cstdlib>

#include "corpus_support.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"

using namespace klarmeld;

TEST_SUITE("criteria::catalog_location") {
  TEST_CASE("--criteria wins over the environment") {
    ::setenv("KLARMELD_CRITERIA", "/from/env", 1);
    auto dir = criteria::resolve_catalog_dir("/from/option");
    REQUIRE(dir.ok());
    CHECK(*dir == "/from/option");
    ::unsetenv("KLARMELD_CRITERIA");
  }
  TEST_CASE("KLARMELD_CRITERIA is used when no option is given, even if it does not exist") {
    ::setenv("KLARMELD_CRITERIA", "/from/env", 1);
    auto dir = criteria::resolve_catalog_dir("");
    REQUIRE(dir.ok());
    CHECK(*dir == "/from/env"); // the loader then names it in its error
    ::unsetenv("KLARMELD_CRITERIA");
  }
}

// Not about the catalog's content, only that what ships passes its own linter.
TEST_SUITE("criteria::shipped catalog") {
  TEST_CASE("criteria/ lints clean") {
    auto findings = criteria::lint_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria");
    std::string all;
    for (const auto& finding : findings) {
      all += finding.render() + "\n";
    }
    CHECK_MESSAGE(findings.empty(), all);
  }
}
