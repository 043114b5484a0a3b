#include <doctest/doctest.h>

#include <pugixml.hpp>

#include <set>
#include <utility>

#include "report/junit_writer.hpp"
#include "sample_assessment.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

namespace {

pugi::xml_document parse_junit(const std::string& text) {
  pugi::xml_document document;
  auto parsed = document.load_string(text.c_str());
  REQUIRE_MESSAGE(parsed, parsed.description());
  return document;
}

pugi::xml_node suite(const pugi::xml_document& document, const char* name) {
  return document.child("testsuites").find_child_by_attribute("testsuite", "name", name);
}

} // namespace

TEST_SUITE("report::junit_writer") {
  TEST_CASE("one suite per interface with tests, failures and skipped counted") {
    auto document = parse_junit(render_junit(sample_assessment()));
    auto root = document.child("testsuites");
    CHECK(root.attribute("tests").as_int() == 8);
    CHECK(root.attribute("failures").as_int() == 1);
    CHECK(root.attribute("skipped").as_int() == 4);
    CHECK(root.attribute("errors").as_int() == 0);
    CHECK(std::distance(root.children("testsuite").begin(), root.children("testsuite").end()) == 3);

    auto sf0810 = suite(document, "SF0810");
    CHECK(sf0810.attribute("tests").as_int() == 3);
    CHECK(sf0810.attribute("skipped").as_int() == 3);
    CHECK(sf0810.attribute("failures").as_int() == 0);
    auto sf1500 = suite(document, "SF1500");
    CHECK(sf1500.attribute("tests").as_int() == 3);
    CHECK(sf1500.attribute("failures").as_int() == 1);
    CHECK(sf1500.attribute("skipped").as_int() == 1);
    CHECK(std::string(sf1500.attribute("time").value()) == "1.662");
    auto sf1514 = suite(document, "SF1514");
    CHECK(sf1514.attribute("failures").as_int() == 0);
    CHECK(sf1514.attribute("skipped").as_int() == 0);
  }

  TEST_CASE("a Nej is a failure whose message is the exact reason, metacharacters included") {
    auto document = parse_junit(render_junit(sample_assessment()));
    auto testcase = suite(document, "SF1500").find_child_by_attribute("testcase", "classname", "SF1500").next_sibling();
    CHECK(std::string(testcase.attribute("name").value()) ==
          "SF1500.2: Leverandørens løsning kan søge virksomheder (virksomhed/soeg)");
    auto failure = testcase.child("failure");
    REQUIRE(failure);
    CHECK(std::string(failure.attribute("message").value()) == nasty_reason);
    CHECK(std::string(failure.text().get()).find("fact: http_status=500") != std::string::npos);
  }

  TEST_CASE("Ikke testet and Ikke relevant are skipped with the reason") {
    auto document = parse_junit(render_junit(sample_assessment()));
    auto untested = suite(document, "SF1500").last_child();
    CHECK(std::string(untested.attribute("name").value()).starts_with("SF1500.3: "));
    CHECK(std::string(untested.child("skipped").attribute("message").value()) ==
          "Ikke testet: ingen evidens i profilen");
    auto not_relevant = suite(document, "SF0810").child("testcase");
    CHECK(std::string(not_relevant.child("skipped").attribute("message").value()).starts_with("Ikke relevant: "));
  }

  TEST_CASE("properties name the catalog, profile and tool") {
    auto document = parse_junit(render_junit(sample_assessment()));
    auto properties = suite(document, "SF1514").child("properties");
    CHECK(std::string(
              properties.find_child_by_attribute("property", "name", "catalog_sha256").attribute("value").value()) ==
          std::string(64, 'a'));
    CHECK(std::string(
              properties.find_child_by_attribute("property", "name", "municipality").attribute("value").value()) ==
          "Høje-Taastrup");
    CHECK(std::string(
              properties.find_child_by_attribute("property", "name", "interface_name").attribute("value").value()) ==
          "Sikkerhed Security Token Service, udgående");
  }

  TEST_CASE("control characters are removed so the XML stays well-formed") {
    auto assessment = sample_assessment();
    constexpr char raw[] = "nul\x00here\x1b[31m";
    assessment.interfaces[1].criteria[1].reason = std::string(raw, sizeof raw - 1);
    std::string junit = render_junit(assessment);
    CHECK(junit.find('\x1b') == std::string::npos);
    CHECK(junit.find("&#") == std::string::npos); // pugixml would write &#27; which XML 1.0 forbids
    auto document = parse_junit(junit);
    auto failure = suite(document, "SF1500").child("testcase").next_sibling().child("failure");
    CHECK(std::string(failure.attribute("message").value()) == "nul here [31m");
  }

  TEST_CASE("English: names use text_en when present") {
    auto document = parse_junit(render_junit(sample_assessment(), Language::English));
    auto first = suite(document, "SF1500").child("testcase");
    CHECK(std::string(first.attribute("name").value()) ==
          "SF1500.1: The vendor's solution can fetch a token from the STS");
  }

  TEST_CASE("a rollout's test cases are the municipality's own: suite and classname name it") {
    engine::Assessment aarhus = sample_assessment();
    aarhus.municipality_name = "Aarhus";
    engine::Assessment odense = sample_assessment();
    odense.municipality_name = "Odense";
    auto document = parse_junit(render_junit(std::vector<engine::Assessment>{aarhus, odense}));
    std::set<std::pair<std::string, std::string>> identities;
    size_t testcases = 0;
    for (pugi::xml_node suite_node : document.child("testsuites").children("testsuite")) {
      for (pugi::xml_node testcase : suite_node.children("testcase")) {
        ++testcases;
        CHECK(std::string(testcase.attribute("classname").value()) == suite_node.attribute("name").value());
        identities.emplace(testcase.attribute("classname").value(), testcase.attribute("name").value());
      }
    }
    CHECK(testcases == 16);
    CHECK(identities.size() == testcases); // no test reported twice under one identity
    CHECK(suite(document, "Odense/SF1500").find_child_by_attribute("testcase", "classname", "Odense/SF1500"));
  }

  TEST_CASE("write_junit writes the rendered text atomically") {
    TempDir dir;
    std::string path = dir.file("junit.xml");
    REQUIRE(write_junit(sample_assessment(), path).ok());
    auto text = read_file(path);
    REQUIRE(text.ok());
    CHECK(*text == render_junit(sample_assessment()));
  }
}
