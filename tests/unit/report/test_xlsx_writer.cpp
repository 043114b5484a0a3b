#include <doctest/doctest.h>

#include <pugixml.hpp>

#include <filesystem>
#include <map>

#include "report/xlsx_writer.hpp"
#include "report/zip_reader.hpp"
#include "sample_assessment.hpp"
#include "util/json.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

namespace {

Json write_and_dump(const engine::Assessment& assessment, const TempDir& dir, Language language) {
  std::string path = dir.file("readiness.xlsx");
  auto written = write_readiness_workbook(assessment, path, language);
  REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().message));
  CHECK_FALSE(std::filesystem::exists(path + ".part"));
  return Json::parse(run_reader_script("'" + path + "'", dir));
}

std::string cell(const Json& dump, const std::string& sheet, const std::string& reference) {
  const auto& cells = dump.at("sheet").at(sheet).at("cells");
  if (!cells.contains(reference)) {
    return "";
  }
  const auto& value = cells.at(reference);
  if (value.is_number()) {
    return std::to_string(value.get<long long>());
  }
  return value.get<std::string>();
}

std::vector<std::string> sheet_names(const Json& dump) {
  std::vector<std::string> names;
  for (const auto& name : dump.at("sheets")) {
    names.push_back(name.get<std::string>());
  }
  return names;
}

bool has_verdict_dropdown(const Json& dump, const std::string& sheet, const std::string& range,
                          const std::string& words) {
  for (const auto& validation : dump.at("sheet").at(sheet).at("data_validations")) {
    if (validation.at("sqref").get<std::string>() == range && validation.at("type").get<std::string>() == "list" &&
        validation.at("formula1").get<std::string>() == "\"" + words + "\"") {
      return true;
    }
  }
  return false;
}

int conditional_rules_on(const Json& dump, const std::string& sheet, const std::string& range) {
  int count = 0;
  for (const auto& rule : dump.at("sheet").at(sheet).at("conditional_formats")) {
    count += rule.at("sqref").get<std::string>() == range && rule.at("type").get<std::string>() == "cellIs" ? 1 : 0;
  }
  return count;
}

std::string fill(const Json& dump, const std::string& sheet, const std::string& reference) {
  const auto& fills = dump.at("sheet").at(sheet).at("fills");
  return fills.contains(reference) ? fills.at(reference).get<std::string>() : "";
}

} // namespace

TEST_SUITE("report::xlsx_writer") {
  TEST_CASE("Danish workbook: sheets, header block, overview rows, colours, validation, page setup") {
    TempDir dir;
    auto dump = write_and_dump(sample_assessment(), dir, Language::Danish);

    // The not-relevant SF0810 is listed on the overview but gets no sheet of its own.
    CHECK(sheet_names(dump) == std::vector<std::string>{"Oversigt", "SF1500", "SF1514", "Dokumentation"});

    CHECK(cell(dump, "Oversigt", "A1") == "KLARMELDINGSREGNEARK");
    CHECK(cell(dump, "Oversigt", "A2") == "LEVERANDØR");
    CHECK(cell(dump, "Oversigt", "B2") == "SYSTEM");
    CHECK(cell(dump, "Oversigt", "C2") == "PILOTKOMMUNE");
    CHECK(cell(dump, "Oversigt", "D2") == "Version");
    CHECK(cell(dump, "Oversigt", "A3") == "Æblegården Software A/S");
    CHECK(cell(dump, "Oversigt", "B3") == "Sagsbehandler Pro");
    CHECK(cell(dump, "Oversigt", "C3") == "Høje-Taastrup");
    CHECK(cell(dump, "Oversigt", "D3") == "4.2");
    CHECK(cell(dump, "Oversigt", "A4") == "CVR 12345674");
    CHECK(cell(dump, "Oversigt", "C4") == "Kommunekode 169");

    CHECK(cell(dump, "Oversigt", "A6") == "SNITFLADE NUMMER");
    CHECK(cell(dump, "Oversigt", "B6") == "INTEGRATIONER");
    CHECK(cell(dump, "Oversigt", "C6") == "Leverandørens selvangivelse");
    CHECK(cell(dump, "Oversigt", "D6") == "Klarmeldt");
    CHECK(cell(dump, "Oversigt", "A7") == "SF0810");
    CHECK(cell(dump, "Oversigt", "B7") == "Indlæggelser og Udskrivninger");
    CHECK(cell(dump, "Oversigt", "C7") == "Ikke relevant");
    CHECK(cell(dump, "Oversigt", "D7") == "Ikke relevant");
    CHECK(cell(dump, "Oversigt", "A8") == "SF1500");
    CHECK(cell(dump, "Oversigt", "C8") == "Anvendes");
    CHECK(cell(dump, "Oversigt", "D8") == "Nej");
    CHECK(cell(dump, "Oversigt", "A9") == "SF1514");
    CHECK(cell(dump, "Oversigt", "C9") == "Under udvikling");
    CHECK(cell(dump, "Oversigt", "D9") == "Ja");
    CHECK(cell(dump, "Oversigt", "A10").empty());
    // Assessed interfaces link to their own sheet; SF0810 has none to link to.
    CHECK(dump["sheet"]["Oversigt"]["links"]["A8"].get<std::string>() == "'SF1500'!A1");
    CHECK(dump["sheet"]["Oversigt"]["links"]["A9"].get<std::string>() == "'SF1514'!A1");
    CHECK_FALSE(dump["sheet"]["Oversigt"]["links"].contains("A7"));

    CHECK(cell(dump, "Oversigt", "A11") == "Kriteriekatalog");
    CHECK(cell(dump, "Oversigt", "B11") == "SKI 02.19 klarmeldingsregneark v. 1 (juni 2020), klarmeld-udgave");
    CHECK(cell(dump, "Oversigt", "A12") == "Katalogversion");
    CHECK(cell(dump, "Oversigt", "B12") == "1.0.0");
    CHECK(cell(dump, "Oversigt", "A13") == "Katalog SHA-256");
    CHECK(cell(dump, "Oversigt", "B13") == std::string(64, 'a'));
    CHECK(cell(dump, "Oversigt", "B14") == std::string(64, 'b'));
    CHECK(cell(dump, "Oversigt", "A15") == "Kørsel startet (UTC)");
    CHECK(cell(dump, "Oversigt", "B15") == "2026-11-23T09:15:02Z");
    CHECK(cell(dump, "Oversigt", "B16") == "2026-11-23T09:16:40Z");
    CHECK(cell(dump, "Oversigt", "A17") == "Værktøj");
    CHECK(cell(dump, "Oversigt", "B17") == "klarmeld 0.1.0 (rev test)");
    CHECK(cell(dump, "Oversigt", "A18") == "Samlet resultat");
    CHECK(cell(dump, "Oversigt", "B18").starts_with("Ikke klar"));
    CHECK(fill(dump, "Oversigt", "B18").ends_with("FFC7CE"));
    CHECK(cell(dump, "Oversigt", "A19") == "Kørselsstatus");
    CHECK(cell(dump, "Oversigt", "B19") == "Fuldstændig kørsel");
    CHECK(cell(dump, "Oversigt", "A20").empty()); // complete run: no warning line

    // KOMBIT colours: grey (not relevant), red (Nej), green (Ja).
    CHECK(fill(dump, "Oversigt", "D7").ends_with("D9D9D9"));
    CHECK(fill(dump, "Oversigt", "D8").ends_with("FFC7CE"));
    CHECK(fill(dump, "Oversigt", "D9").ends_with("C6EFCE"));
    CHECK(has_verdict_dropdown(dump, "Oversigt", "D7:D9", "Ja,Nej,Ikke testet,Ikke relevant"));
    CHECK(conditional_rules_on(dump, "Oversigt", "D7:D9") == 4);

    auto& overview = dump["sheet"]["Oversigt"];
    CHECK(overview["freeze_panes"].get<std::string>() == "A7");
    // One portrait page, so the overall result is never printed under a repeated header on page 2.
    CHECK(overview["orientation"].get<std::string>() == "portrait");
    CHECK(overview["paper_size"].get<double>() == 9);
    CHECK(overview["fit_to_width"].get<double>() == 1);
    CHECK(overview["fit_to_height"].get<double>() == 1);
    CHECK(overview["fit_to_page"].get<bool>());
    CHECK(overview["column_widths"]["B"].get<double>() > 40);

    CHECK(dump["properties"]["creator"].get<std::string>() == "klarmeld 0.1.0 (rev test)");
    CHECK(dump["properties"]["title"].get<std::string>().find("Æblegården Software A/S") != std::string::npos);
  }

  TEST_CASE("Danish workbook: per-interface sheet reproduces the template") {
    TempDir dir;
    auto dump = write_and_dump(sample_assessment(), dir, Language::Danish);
    CHECK(cell(dump, "SF1500", "A1") == "LEVERANDØR");
    CHECK(cell(dump, "SF1500", "B1") == "PILOTKOMMUNE");
    CHECK(cell(dump, "SF1500", "C1") == "SYSTEM");
    CHECK(cell(dump, "SF1500", "A2") == "Æblegården Software A/S");
    CHECK(cell(dump, "SF1500", "B2") == "Høje-Taastrup");
    CHECK(cell(dump, "SF1500", "C2") == "Sagsbehandler Pro");
    CHECK(cell(dump, "SF1500", "A4") == "Samlet vurdering af klarmelding");
    CHECK(cell(dump, "SF1500", "B4") == "Nej");
    CHECK(cell(dump, "SF1500", "A5") == "Bemærkninger");
    // The remarks are composed in the sheet's language; the reasons stay on the Dokumentation sheet.
    CHECK(cell(dump, "SF1500", "B5") ==
          "Ikke opfyldt: SF1500.2 (Nej), SF1500.3 (Ikke testet). Begrundelserne står på arket Dokumentation.");
    // "Samlet vurdering af klarmelding" wraps onto two lines: its row is tall enough for both.
    CHECK(dump["sheet"]["SF1500"]["row_heights"]["4"].get<double>() >= 30);
    CHECK(cell(dump, "SF1500", "A6") == "Integration");
    CHECK(cell(dump, "SF1500", "B6") == "SF1500");
    CHECK(cell(dump, "SF1500", "C6") == "Organisation services");
    CHECK(cell(dump, "SF1500", "A8") == "Nr.");
    CHECK(cell(dump, "SF1500", "B8") == "Klarmelding");
    CHECK(cell(dump, "SF1500", "C8") == "Klarmeldingskriterium");
    CHECK(cell(dump, "SF1500", "D8") == "Kilde");

    const char* verdicts[] = {"Ja", "Nej", "Ikke testet"};
    const char* texts[] = {"Leverandørens løsning kan hente et token fra STS",
                           "Leverandørens løsning kan søge virksomheder (virksomhed/soeg)",
                           "Leverandørens løsning viser organisationen korrekt"};
    for (int i = 0; i < 3; ++i) {
      std::string row = std::to_string(9 + i);
      CAPTURE(row);
      CHECK(cell(dump, "SF1500", "A" + row) == std::to_string(i + 1));
      CHECK(cell(dump, "SF1500", "B" + row) == verdicts[i]);
      CHECK(cell(dump, "SF1500", "C" + row) == texts[i]);
      CHECK(cell(dump, "SF1500", "D" + row) == "Udkast (klarmeld)");
    }
    CHECK(cell(dump, "SF1500", "A12").empty());
    CHECK(fill(dump, "SF1500", "B4").ends_with("FFC7CE"));
    CHECK(fill(dump, "SF1500", "B11").ends_with("FFEB9C")); // Ikke testet: yellow, action required
    CHECK(has_verdict_dropdown(dump, "SF1500", "B9:B11", "Ja,Nej,Ikke testet,Ikke relevant"));
    CHECK(has_verdict_dropdown(dump, "SF1500", "B4", "Ja,Nej,Ikke testet,Ikke relevant"));
    CHECK(dump["sheet"]["SF1500"]["freeze_panes"].get<std::string>() == "A9");
    CHECK(dump["sheet"]["SF1500"]["tab_color"].get<std::string>().ends_with("FFC7CE"));
    CHECK(dump["sheet"]["SF1514"]["tab_color"].get<std::string>().ends_with("C6EFCE"));

    CHECK(cell(dump, "SF1514", "B4") == "Ja");
    CHECK(cell(dump, "SF1514", "C6") == "Sikkerhed Security Token Service, udgående");
    CHECK(cell(dump, "SF1514", "B9") == "Ja");
    CHECK(cell(dump, "SF1514", "B10") == "Ja");
  }

  TEST_CASE("Danish workbook: documentation sheet has one row per criterion of every interface") {
    TempDir dir;
    auto dump = write_and_dump(sample_assessment(), dir, Language::Danish);
    const std::vector<std::string> headings{
        "Kriterium",   "Snitflade", "Afgjort ved",     "Resultat",     "Påkrævet", "Tidspunkt (UTC)", "Varighed (ms)",
        "Begrundelse", "Evidens",   "Evidens SHA-256", "Bekræftet af", "Fakta",    "Advarsler"};
    for (std::size_t col = 0; col < headings.size(); ++col) {
      std::string reference = std::string(1, static_cast<char>('A' + col)) + "1";
      CHECK(cell(dump, "Dokumentation", reference) == headings[col]);
    }
    const std::vector<std::pair<std::string, std::string>> rows{
        {"SF0810.1", "Ikke relevant"},
        {"SF0810.2", "Ikke relevant"},
        {"SF0810.3", "Ikke relevant"},
        {"SF1500.1", "Ja"},
        {"SF1500.2", "Nej"},
        {"SF1500.3", "Ikke testet"},
        {"SF1514.1", "Ja"},
        {"SF1514.2", "Ja"},
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string row = std::to_string(i + 2);
      CAPTURE(row);
      CHECK(cell(dump, "Dokumentation", "A" + row) == rows[i].first);
      CHECK(cell(dump, "Dokumentation", "D" + row) == rows[i].second);
    }
    CHECK(cell(dump, "Dokumentation", "A10").empty());
    CHECK(cell(dump, "Dokumentation", "E8") == "Ja");
    CHECK(cell(dump, "Dokumentation", "E9") == "Nej"); // SF1514.2 is optional
    // SF1500.1: the probe, its time, duration, evidence and facts.
    CHECK(cell(dump, "Dokumentation", "B5") == "SF1500");
    CHECK(cell(dump, "Dokumentation", "C5") == "sts.issue");
    CHECK(cell(dump, "Dokumentation", "E5") == "Ja");
    CHECK(cell(dump, "Dokumentation", "F5") == "2026-11-23T09:15:10Z");
    CHECK(cell(dump, "Dokumentation", "G5") == "412");
    CHECK(cell(dump, "Dokumentation", "I5") == "evidence/SF1500.1.xml");
    CHECK(cell(dump, "Dokumentation", "J5") == std::string(64, 'c'));
    CHECK(cell(dump, "Dokumentation", "L5") == "assertion_id=_a1b2; issuer=https://sts.example/ø");
    CHECK(cell(dump, "Dokumentation", "M5") == "certifikatet udløber om 12 dage");
    // SF1500.2: the reason with XML metacharacters survives exactly.
    CHECK(cell(dump, "Dokumentation", "H6") == nasty_reason);
    // SF1514.1: manual evidence.
    CHECK(cell(dump, "Dokumentation", "C8") == "manuel");
    CHECK(cell(dump, "Dokumentation", "I8") == "https://eksempel.dk/bevis?a=1&b=2");
    CHECK(cell(dump, "Dokumentation", "K8") == "Jens Åge Sørensen, Høje-Taastrup Kommune");
    CHECK(has_verdict_dropdown(dump, "Dokumentation", "D2:D9", "Ja,Nej,Ikke testet,Ikke relevant"));
    CHECK(dump["sheet"]["Dokumentation"]["freeze_panes"].get<std::string>() == "A2");
    // Printed at a fixed 80 % (11 pt text at 8.8 pt), criterion and interface repeated on every page.
    auto& documentation = dump["sheet"]["Dokumentation"];
    CHECK_FALSE(documentation["fit_to_page"].get<bool>());
    CHECK(documentation["print_scale"].get<double>() == 80);
    CHECK(documentation["print_title_rows"].get<std::string>() == "$1:$1");
    CHECK(documentation["print_title_cols"].get<std::string>() == "$A:$B");
  }

  TEST_CASE("English workbook uses English headings, words and criterion texts") {
    TempDir dir;
    auto dump = write_and_dump(sample_assessment(), dir, Language::English);
    CHECK(sheet_names(dump) == std::vector<std::string>{"Overview", "SF1500", "SF1514", "Documentation"});
    CHECK(cell(dump, "Overview", "A2") == "VENDOR");
    CHECK(cell(dump, "Overview", "D6") == "Ready");
    CHECK(cell(dump, "Overview", "B8") == "Organisation services (EN)");
    CHECK(cell(dump, "Overview", "C8") == "In use");
    CHECK(cell(dump, "Overview", "D8") == "No");
    CHECK(cell(dump, "Overview", "D7") == "Not relevant");
    CHECK(cell(dump, "SF1500", "C9") == "The vendor's solution can fetch a token from the STS");
    // No English text: the Danish one, never an empty cell.
    CHECK(cell(dump, "SF1500", "C10") == "Leverandørens løsning kan søge virksomheder (virksomhed/soeg)");
    CHECK(cell(dump, "SF1500", "D10") == "Draft (klarmeld)");
    CHECK(cell(dump, "SF1500", "B5") ==
          "Not met: SF1500.2 (No), SF1500.3 (Not tested). The reasons are on the Documentation sheet.");
    CHECK(has_verdict_dropdown(dump, "Overview", "D7:D9", "Yes,No,Not tested,Not relevant"));
  }

  TEST_CASE("an incomplete run says so in a visible line below the table") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.run_state = engine::RunState::Interrupted;
    assessment.incomplete = true;
    assessment.incomplete_reason = "afbrudt (Ctrl-C) efter 5 af 8 kriterier";
    auto dump = write_and_dump(assessment, dir, Language::Danish);
    CHECK(cell(dump, "Oversigt", "B19") == "Afbrudt kørsel");
    CHECK(cell(dump, "Oversigt", "A20") == "Kørslen er ufuldstændig: afbrudt (Ctrl-C) efter 5 af 8 kriterier");
    CHECK(fill(dump, "Oversigt", "A20").ends_with("FFC7CE"));
  }

  TEST_CASE("the published SF0810 texts are marked KOMBIT when the interface is assessed") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.interfaces[0].assessed = true;
    assessment.interfaces[0].klarmeldt = Verdict::Nej;
    auto dump = write_and_dump(assessment, dir, Language::Danish);
    CHECK(sheet_names(dump).at(1) == "SF0810");
    CHECK(cell(dump, "SF0810", "D9") == "KOMBIT");
  }

  TEST_CASE("control characters and malformed UTF-8 never make an unreadable workbook") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.interfaces[1].criteria[1].reason = std::string("bad\x01 bytes \xff\xfe end");
    auto dump = write_and_dump(assessment, dir, Language::Danish);
    CHECK(cell(dump, "Dokumentation", "H6") == "bad  bytes \xEF\xBF\xBD\xEF\xBF\xBD end");
  }

  TEST_CASE("a failed write leaves neither the file nor its temporary") {
    TempDir dir;
    SUBCASE("missing directory") {
      std::string path = dir.file("no-such-dir/readiness.xlsx");
      auto written = write_readiness_workbook(sample_assessment(), path);
      REQUIRE_FALSE(written.ok());
      CHECK(written.error().message.find("does not exist") != std::string::npos);
      CHECK_FALSE(std::filesystem::exists(path));
      CHECK_FALSE(std::filesystem::exists(path + ".part"));
    }
    SUBCASE("target is a directory: the rename fails after the workbook was written") {
      std::string path = dir.file("occupied");
      std::filesystem::create_directories(path + "/inside");
      auto written = write_readiness_workbook(sample_assessment(), path);
      REQUIRE_FALSE(written.ok());
      CHECK(written.error().message.starts_with("cannot write '" + path + "': "));
      CHECK(std::filesystem::is_directory(path));
      CHECK_FALSE(std::filesystem::exists(path + ".part"));
    }
  }

  TEST_CASE("default name is slugged and dated from the run start") {
    CHECK(default_workbook_name(sample_assessment()) ==
          "klarmelding_aeblegaarden-software-a-s_sagsbehandler-pro_hoeje-taastrup_2026-11-23.xlsx");
    auto undated = sample_assessment();
    undated.started_at = "../../etc";
    CHECK(default_workbook_name(undated).ends_with("_undated.xlsx"));
  }
}

TEST_SUITE("report::xlsx_writer properties") {
  TEST_CASE("custom document properties carry the catalog and profile digests") {
    TempDir dir;
    std::string path = dir.file("readiness.xlsx");
    REQUIRE(write_readiness_workbook(sample_assessment(), path).ok());
    auto bytes = read_file(path);
    REQUIRE(bytes.ok());
    auto zip = ZipReader::open(*bytes, path);
    REQUIRE(zip.ok());
    auto custom = zip->read("docProps/custom.xml");
    REQUIRE(custom.ok());
    pugi::xml_document document;
    REQUIRE(document.load_string(custom->c_str()));
    std::map<std::string, std::string> properties;
    for (auto property : document.child("Properties").children("property")) {
      properties[property.attribute("name").value()] = property.first_child().text().get();
    }
    CHECK(properties["klarmeld.catalog_sha256"] == std::string(64, 'a'));
    CHECK(properties["klarmeld.profile_sha256"] == std::string(64, 'b'));
    CHECK(properties["klarmeld.catalog_version"] == "1.0.0");
    CHECK(properties["klarmeld.status"] == "not ready");
    CHECK(properties.count("klarmeld.vendor_cvr") == 1);
  }
}
