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

engine::InterfaceOutcome used_interface(std::string id, std::string name, Verdict klarmeldt) {
  engine::InterfaceOutcome interface;
  interface.id = std::move(id);
  interface.name_da = std::move(name);
  interface.declaration = profile::SelfDeclaration::Anvendes;
  interface.klarmeldt = klarmeldt;
  return interface;
}

// A municipality without the Ydelsesindeks agreement, as a run reports it: SF1490's call never got its
// token (Ikke testet, no token criterion of its own) and CE1510.5 names SF1490 with the STS's refusal.
engine::Assessment without_ydelsesindeks_agreement() {
  engine::Assessment assessment = test::sample_assessment();
  const std::string refusal = "STS fault code 101 (Den anvendte konfiguration kendes ikke / The configuration "
                              "used is not known)";
  const std::string service = "http://entityid.kombit.dk/service/ydi/ydelseindeks/6";
  engine::InterfaceOutcome sf1490 = used_interface("SF1490", "Ydelsesindeks", Verdict::IkkeTestet);
  auto call = test::criterion("SF1490.1", 1, Verdict::IkkeTestet, "kan indeksere en bevilling", "probe:soap.call");
  call.reason = "no token for " + service + ": " + refusal;
  sf1490.criteria.push_back(call);
  auto evidence = test::criterion("SF1490.2", 2, Verdict::IkkeTestet, "relationer", "manual");
  evidence.reason = "no evidence in profile";
  sf1490.criteria.push_back(evidence);
  engine::InterfaceOutcome ce1510 = used_interface("CE1510", "Lokal rolleadministration", Verdict::Nej);
  auto agreements = test::criterion("CE1510.5", 5, Verdict::Nej, "serviceaftaler", "probe:sts.agreements");
  agreements.reason = "no service agreement for 2 of 9 services in use: SF1490 (" + service + "): " + refusal +
                      "; SF1500/SF1514 (http://stoettesystemerne.dk/service/organisation/3): " + refusal;
  agreements.facts = {{"SF1470", "_a1 for http://entityid.kombit.dk/service/sdi/sagdokumentindeks/6"},
                      {"SF1490", "no token: sts.fault"},
                      {"SF1500/SF1514", "no token: sts.fault"}};
  ce1510.criteria.push_back(agreements);
  assessment.interfaces.push_back(sf1490);
  assessment.interfaces.push_back(ce1510);
  return assessment;
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

  TEST_CASE("a service agreement CE1510.5 finds missing makes the interface's cell Nej with the reason") {
    engine::Assessment with_agreement = without_ydelsesindeks_agreement();
    with_agreement.municipality_name = "Aarhus";
    for (auto& interface : with_agreement.interfaces) {
      if (interface.id == "CE1510") {
        interface.klarmeldt = Verdict::Ja;
        interface.criteria.front().verdict = Verdict::Ja;
        interface.criteria.front().reason = "the STS issued a token for the pilot CVR for every service in use";
      }
    }
    RolloutOverview overview =
        build_rollout_overview({without_ydelsesindeks_agreement(), with_agreement}, Language::Danish);
    size_t sf1490 = column_of(overview, "SF1490");
    size_t sf1500 = column_of(overview, "SF1500");
    REQUIRE(sf1490 < overview.interfaces.size());
    const RolloutCell& missing = overview.rows[0].cells[sf1490];
    CHECK(missing.verdict == Verdict::Nej);
    CHECK(missing.agreement_missing);
    CHECK(missing.reason ==
          "CE1510.5: no service agreement for SF1490 (http://entityid.kombit.dk/service/ydi/ydelseindeks/6): STS fault "
          "code 101 (Den anvendte konfiguration kendes ikke / The configuration used is not known)");
    // Already Nej on its own criteria: flagged, its own reasons kept.
    CHECK(overview.rows[0].cells[sf1500].agreement_missing);
    CHECK(overview.rows[0].cells[sf1500].reason == "SF1500.2: " + test::nasty_reason);
    // Where the agreement exists the call's own undecided reason shows, and nothing is Nej.
    const RolloutCell& untested = overview.rows[1].cells[sf1490];
    CHECK(untested.verdict == Verdict::IkkeTestet);
    CHECK_FALSE(untested.agreement_missing);
    CHECK(untested.reason.starts_with("SF1490.1: no token for "));
    CHECK(untested.reason.find("SF1490.2") == std::string::npos); // manual evidence is not a probe's reason
    Json json = overview;
    CHECK(json["municipalities"][0]["interfaces"]["SF1490"]["agreement_missing"] == true);
    CHECK(json["municipalities"][0]["interfaces"]["SF1490"]["klarmeldt"] == "nej");
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

  TEST_CASE("each row says how far its run got; an interface not assessed says why, as its workbook does") {
    auto assessments = two_municipalities();
    assessments[0].run_state = engine::RunState::Partial;
    assessments[1].run_state = engine::RunState::Interrupted;
    for (auto& assessment : assessments) {
      engine::InterfaceOutcome not_relevant = used_interface("SF1590_A", "ØiR Finans", Verdict::IkkeRelevant);
      not_relevant.assessed = false;
      engine::InterfaceOutcome not_selected = used_interface("SF1601", "Digital Post", Verdict::IkkeTestet);
      not_selected.assessed = false;
      assessment.interfaces.push_back(not_relevant);
      assessment.interfaces.push_back(not_selected);
    }
    // Awaiting only manual evidence: the words of the municipality's own workbook, in either language.
    engine::InterfaceOutcome pending = used_interface("SF1470", "Sags- og Dokumentindeks", Verdict::IkkeTestet);
    pending.pending_evidence = true;
    assessments[0].interfaces.push_back(pending); // the columns are the first municipality's
    RolloutOverview overview = build_rollout_overview(assessments, Language::Danish);
    std::string html = render_rollout_html(overview, Language::Danish);
    CHECK(html.find("<th>Kørsel</th>") != std::string::npos);
    CHECK(html.find("<td>Delvis kørsel: kun udvalgte snitflader</td>") != std::string::npos);
    CHECK(html.find("<td>Afbrudt kørsel</td>") != std::string::npos);
    CHECK(html.find("<td class=\"ikke_relevant\">Ikke relevant</td>") != std::string::npos);
    CHECK(html.find("<td class=\"ikke_testet\">Ikke testet i denne kørsel</td>") != std::string::npos);
    CHECK(html.find("<td class=\"ikke_testet\">Afventer dokumentation</td>") != std::string::npos);

    test::TempDir dir;
    std::string path = dir.file("overview.xlsx");
    REQUIRE(write_rollout_workbook_at(build_rollout_overview(assessments, Language::English), path, Language::English)
                .ok());
    auto bytes = read_file(path);
    REQUIRE(bytes.ok());
    auto zip = ZipReader::open(*bytes, path);
    REQUIRE(zip.ok());
    auto strings = zip->read("xl/sharedStrings.xml");
    REQUIRE(strings.ok());
    for (const char* text : {">Run<", "Partial run: selected interfaces only", "Interrupted run", ">Not relevant<",
                             ">Not tested in this run<", ">Awaiting documentation<"}) {
      CHECK_MESSAGE(strings->find(text) != std::string::npos, text);
    }
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
