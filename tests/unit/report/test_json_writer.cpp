#include <doctest/doctest.h>

#include "mini_json.hpp"
#include "report/json_out.hpp"
#include "report/json_writer.hpp"
#include "sample_assessment.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

TEST_SUITE("report::json_writer") {
  TEST_CASE("strings are escaped per RFC 8259 and UTF-8 passes through") {
    CHECK(json_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(json_quoted("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
    CHECK(json_quoted(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
    CHECK(json_quoted("æøå ÆØÅ") == "\"æøå ÆØÅ\"");
    CHECK(json_quoted("\xff") == "\"\xEF\xBF\xBD\"");
    CHECK(json_quoted("\xE2\x80\xA8") == "\"\\u2028\"");
  }

  TEST_CASE("the document carries schema_version 1 and every part of the assessment") {
    auto document = test_json::parse(render_json(sample_assessment()));
    CHECK(document["schema_version"].number == 1);
    CHECK(document["tool"].str() == "klarmeld 0.1.0 (rev test)");
    CHECK(document["vendor"]["name"].str() == "Æblegården Software A/S");
    CHECK(document["vendor"]["cvr"].str() == "12345674");
    CHECK(document["system"]["version"].str() == "4.2");
    CHECK(document["pilot_municipality"]["name"].str() == "Høje-Taastrup");
    CHECK(document["pilot_municipality"]["code"].number == 169);
    CHECK(document["catalog"]["sha256"].str() == std::string(64, 'a'));
    CHECK(document["profile_sha256"].str() == std::string(64, 'b'));
    CHECK(document["run"]["started_at"].str() == "2026-11-23T09:15:02Z");
    CHECK_FALSE(document["run"]["incomplete"].boolean);
    CHECK(document["readiness"].str() == "not_ready");
    CHECK(document["summary"]["assessed"].number == 2);
    CHECK(document["summary"]["klarmeldt"].number == 1);
    CHECK(document["summary"]["criteria"]["ja"].number == 3);
    CHECK(document["summary"]["criteria"]["nej"].number == 1);
    CHECK(document["summary"]["criteria"]["ikke_testet"].number == 1);
    CHECK(document["summary"]["criteria"]["ikke_relevant"].number == 3);

    const auto& interfaces = document["interfaces"];
    REQUIRE(interfaces.size() == 3);
    CHECK(interfaces[0]["id"].str() == "SF0810");
    CHECK(interfaces[0]["declaration"].str() == "ikke_relevant");
    CHECK_FALSE(interfaces[0]["assessed"].boolean);
    CHECK(interfaces[0]["klarmeldt"].str() == "ikke_relevant");
    CHECK(interfaces[0]["criteria"][0]["source"].str() == "published");
    const auto& sf1500 = interfaces[1];
    CHECK(sf1500["klarmeldt"].str() == "nej");
    CHECK(sf1500["remarks"].str() == "SF1500.2 fejlede; SF1500.3 mangler evidens");
    const auto& ja = sf1500["criteria"][0];
    CHECK(ja["id"].str() == "SF1500.1");
    CHECK(ja["number"].number == 1);
    CHECK(ja["source"].str() == "drafted");
    CHECK(ja["required"].boolean);
    CHECK(ja["method"].str() == "probe:sts.issue");
    CHECK(ja["duration_ms"].number == 412);
    CHECK(ja["evidence"]["ref"].str() == "evidence/SF1500.1.xml");
    CHECK(ja["facts"][1]["key"].str() == "issuer");
    CHECK(ja["facts"][1]["value"].str() == "https://sts.example/ø");
    CHECK(ja["warnings"][0].str() == "certifikatet udløber om 12 dage");
    CHECK(sf1500["criteria"][1]["verdict"].str() == "nej");
    CHECK(sf1500["criteria"][1]["reason"].str() == nasty_reason);
    CHECK(interfaces[2]["criteria"][0]["evidence"]["confirmed_by"].str() == "Jens Åge Sørensen, Høje-Taastrup Kommune");
  }

  TEST_CASE("Python's strict parser accepts the output, control characters included") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.interfaces[1].criteria[1].reason = "tab\there\x01 and \"quotes\" \xff";
    std::string path = dir.file("assessment.json");
    REQUIRE(write_json(assessment, path).ok());
    auto reparsed = test_json::parse(run_reader_script("--json '" + path + "'", dir));
    CHECK(reparsed["interfaces"][1]["criteria"][1]["reason"].str() == "tab\there\x01 and \"quotes\" \xEF\xBF\xBD");
    CHECK(reparsed["vendor"]["name"].str() == "Æblegården Software A/S");
  }
}
