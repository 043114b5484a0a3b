#include <doctest/doctest.h>

#include "report/json_text.hpp"
#include "report/json_writer.hpp"
#include "sample_assessment.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

TEST_SUITE("report::json_writer") {
  TEST_CASE("strings are escaped per RFC 8259 and UTF-8 passes through") {
    const auto json_quoted = [](const std::string& text) { return json_inline(Json(text)); };
    CHECK(json_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(json_quoted("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
    CHECK(json_quoted(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
    CHECK(json_quoted("æøå ÆØÅ") == "\"æøå ÆØÅ\"");
    CHECK(json_quoted("\xff") == "\"\xEF\xBF\xBD\"");
    CHECK(json_quoted("\xE2\x80\xA8") == "\"\\u2028\"");
  }

  TEST_CASE("the document carries schema_version 1 and every part of the assessment") {
    auto document = Json::parse(render_json(sample_assessment()));
    CHECK(document["schema_version"].get<double>() == 1);
    CHECK(document["tool"] == "klarmeld 0.1.0 (rev test)");
    CHECK(document["vendor"]["name"] == "Æblegården Software A/S");
    CHECK(document["vendor"]["cvr"] == "12345674");
    CHECK(document["system"]["version"] == "4.2");
    CHECK(document["pilot_municipality"]["name"] == "Høje-Taastrup");
    CHECK(document["pilot_municipality"]["code"].get<double>() == 169);
    CHECK(document["catalog"]["sha256"] == std::string(64, 'a'));
    CHECK(document["profile_sha256"] == std::string(64, 'b'));
    CHECK(document["run"]["started_at"] == "2026-11-23T09:15:02Z");
    CHECK_FALSE(document["run"]["incomplete"].get<bool>());
    CHECK(document["readiness"] == "not_ready");
    CHECK(document["summary"]["assessed"].get<double>() == 2);
    CHECK(document["summary"]["klarmeldt"].get<double>() == 1);
    CHECK(document["summary"]["criteria"]["ja"].get<double>() == 3);
    CHECK(document["summary"]["criteria"]["nej"].get<double>() == 1);
    CHECK(document["summary"]["criteria"]["ikke_testet"].get<double>() == 1);
    CHECK(document["summary"]["criteria"]["ikke_relevant"].get<double>() == 3);

    const auto& interfaces = document["interfaces"];
    REQUIRE(interfaces.size() == 3);
    CHECK(interfaces[0]["id"] == "SF0810");
    CHECK(interfaces[0]["declaration"] == "ikke_relevant");
    CHECK_FALSE(interfaces[0]["assessed"].get<bool>());
    CHECK(interfaces[0]["klarmeldt"] == "ikke_relevant");
    CHECK(interfaces[0]["criteria"][0]["source"] == "published");
    const auto& sf1500 = interfaces[1];
    CHECK(sf1500["klarmeldt"] == "nej");
    CHECK(sf1500["remarks"] == "SF1500.2 fejlede; SF1500.3 mangler evidens");
    const auto& ja = sf1500["criteria"][0];
    CHECK(ja["id"] == "SF1500.1");
    CHECK(ja["number"].get<double>() == 1);
    CHECK(ja["source"] == "drafted");
    CHECK(ja["required"].get<bool>());
    CHECK(ja["method"] == "probe:sts.issue");
    CHECK(ja["duration_ms"].get<double>() == 412);
    CHECK(ja["evidence"]["ref"] == "evidence/SF1500.1.xml");
    CHECK(ja["facts"][1]["key"] == "issuer");
    CHECK(ja["facts"][1]["value"] == "https://sts.example/ø");
    CHECK(ja["warnings"][0] == "certifikatet udløber om 12 dage");
    CHECK(sf1500["criteria"][1]["verdict"] == "nej");
    CHECK(sf1500["criteria"][1]["reason"] == nasty_reason);
    CHECK(interfaces[2]["criteria"][0]["evidence"]["confirmed_by"] == "Jens Åge Sørensen, Høje-Taastrup Kommune");
  }

  TEST_CASE("Python's strict parser accepts the output, control characters included") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.interfaces[1].criteria[1].reason = "tab\there\x01 and \"quotes\" \xff";
    std::string path = dir.file("assessment.json");
    REQUIRE(write_json(assessment, path).ok());
    auto reparsed = Json::parse(run_reader_script("--json '" + path + "'", dir));
    CHECK(reparsed["interfaces"][1]["criteria"][1]["reason"] == "tab\there\x01 and \"quotes\" \xEF\xBF\xBD");
    CHECK(reparsed["vendor"]["name"] == "Æblegården Software A/S");
  }
}
