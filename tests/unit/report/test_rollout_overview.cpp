#include <doctest/doctest.h>

#include "report/rollout_overview.hpp"
#include "report/zip_reader.hpp"
#include "sample_assessment.hpp"
#include "util/files.hpp"
#include "util/json.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
namespace test = klarmeld::report_test;

namespace {

// Høje-Taastrup as in the sample (SF1500 Nej), and Odense where SF1500 is klarmeldt.
std::vector<engine::Assessment> two_municipalities() {
  engine::Assessment first = test::sample_assessment();
  engine::Assessment second = first;
  second.municipality_name = "Odense";
  second.municipality_code = 461;
  for (auto& interface : second.interfaces) {
    if (interface.id == "SF1500") {
      interface.klarmeldt = Verdict::Ja;
      for (auto& criterion : interface.criteria) {
        criterion.verdict = Verdict::Ja;
      }
    }
  }
  return {first, second};
}

size_t column_of(const RolloutOverview& overview, const std::string& id) {
  return static_cast<size_t>(std::find(overview.interfaces.begin(), overview.interfaces.end(), id) -
                             overview.interfaces.begin());
}

} // namespace

TEST_SUITE("report::rollout_overview") {
  TEST_CASE("one row per municipality; a Nej cell names the failed criteria with their reasons") {
    RolloutOverview overview = build_rollout_overview(two_municipalities(), Language::Danish);
    REQUIRE(overview.rows.size() == 2);
    CHECK(overview.rows[0].municipality == "Høje-Taastrup");
    CHECK(overview.rows[1].code == 461);
    size_t sf1500 = column_of(overview, "SF1500");
    REQUIRE(sf1500 < overview.interfaces.size());
    const RolloutCell& nej = overview.rows[0].cells[sf1500];
    CHECK(nej.verdict == Verdict::Nej);
    CHECK(nej.reason == "SF1500.2: " + test::nasty_reason);
    CHECK(overview.rows[1].cells[sf1500].verdict == Verdict::Ja);
    CHECK(overview.rows[1].cells[sf1500].reason.empty());
  }

  TEST_CASE("the HTML escapes the reasons; the JSON carries each municipality and every assessment") {
    auto assessments = two_municipalities();
    RolloutOverview overview = build_rollout_overview(assessments, Language::Danish);
    std::string html = render_rollout_html(overview, Language::Danish);
    CHECK(html.find("StatusKode &lt;44&gt; &amp; &quot;ukendt&quot; &#39;fejl&#39;") != std::string::npos);
    CHECK(html.find("<44>") == std::string::npos);
    CHECK(html.find("Odense (461)") != std::string::npos);
    auto parsed = parse_json(render_rollout_json(overview, assessments), "rollout.json");
    REQUIRE(parsed.ok());
    const Json& json = *parsed;
    CHECK(json["format"] == "klarmeld-rollout/1");
    CHECK(json["assessments"].size() == 2);
    CHECK(json["assessments"][1]["pilot_municipality"]["code"] == 461);
    CHECK(json["overview"]["municipalities"][0]["interfaces"]["SF1500"]["klarmeldt"] == "nej");
    CHECK(json["overview"]["municipalities"][1]["interfaces"]["SF1500"]["klarmeldt"] == "ja");
  }

  TEST_CASE("the overview workbook is a readable xlsx with the municipalities and the reason") {
    test::TempDir dir;
    std::string path = dir.file("overview.xlsx");
    RolloutOverview overview = build_rollout_overview(two_municipalities(), Language::English);
    REQUIRE(write_rollout_workbook_at(overview, path, Language::English).ok());
    auto bytes = read_file(path);
    REQUIRE(bytes.ok());
    auto zip = ZipReader::open(*bytes, path);
    REQUIRE(zip.ok());
    auto strings = zip->read("xl/sharedStrings.xml"); // libxlsxwriter keeps cell text there
    REQUIRE(strings.ok());
    const std::string& dump = *strings;
    CHECK(dump.find("Høje-Taastrup") != std::string::npos);
    CHECK(dump.find("Odense") != std::string::npos);
    CHECK(dump.find("No — SF1500.2: StatusKode &lt;44&gt;") != std::string::npos);
  }
}
