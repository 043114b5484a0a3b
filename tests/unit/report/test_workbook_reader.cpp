#include <doctest/doctest.h>

#include <zip.h>

#include <functional>
#include <random>

#include "report/workbook_reader.hpp"
#include "report/xlsx_writer.hpp"
#include "sample_assessment.hpp"
#include "util/files.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

namespace {

std::string write_sample(const TempDir& dir, const engine::Assessment& assessment, Language language) {
  std::string path = dir.file("readiness.xlsx");
  auto written = write_readiness_workbook(assessment, path, language);
  REQUIRE(written.ok());
  return path;
}

// Rewrites one part of a ZIP package in place (a tampering tool for the tests).
void rewrite_part(const std::string& path, const std::string& part,
                  const std::function<std::string(std::string)>& edit) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), 0, &error);
  REQUIRE(archive != nullptr);
  zip_stat_t stat;
  REQUIRE(zip_stat(archive, part.c_str(), 0, &stat) == 0);
  std::string content(stat.size, '\0');
  zip_file_t* file = zip_fopen(archive, part.c_str(), 0);
  REQUIRE(file != nullptr);
  REQUIRE(zip_fread(file, content.data(), content.size()) == static_cast<zip_int64_t>(content.size()));
  zip_fclose(file);
  std::string edited = edit(content);
  // libzip copies the buffer only at zip_close, so it must live until then.
  auto* copy = new std::string(std::move(edited));
  zip_source_t* source = zip_source_buffer(archive, copy->data(), copy->size(), 0);
  REQUIRE(source != nullptr);
  REQUIRE(zip_file_add(archive, part.c_str(), source, ZIP_FL_OVERWRITE) >= 0);
  REQUIRE(zip_close(archive) == 0);
  delete copy;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

} // namespace

TEST_SUITE("report::workbook_reader") {
  TEST_CASE("round trip: what the writer wrote, the reader reads") {
    TempDir dir;
    auto assessment = sample_assessment();
    auto summary = read_readiness_workbook(write_sample(dir, assessment, Language::Danish));
    REQUIRE_MESSAGE(summary.ok(), (summary.ok() ? "" : summary.error().message));
    CHECK(summary->language == Language::Danish);
    CHECK(summary->vendor_name == "Æblegården Software A/S");
    CHECK(summary->vendor_cvr == "12345674");
    CHECK(summary->system_name == "Sagsbehandler Pro");
    CHECK(summary->system_version == "4.2");
    CHECK(summary->municipality_name == "Høje-Taastrup");
    CHECK(summary->municipality_code == 169);
    CHECK(summary->catalog_identity == assessment.catalog_identity);
    CHECK(summary->catalog_version == "1.0.0");
    CHECK(summary->catalog_sha256 == assessment.catalog_sha256);
    CHECK(summary->profile_sha256 == assessment.profile_sha256);
    CHECK(summary->tool_identity == assessment.tool_identity);
    CHECK(summary->started_at == assessment.started_at);
    CHECK(summary->finished_at == assessment.finished_at);
    CHECK_FALSE(summary->incomplete);
    CHECK(summary->sheet_names == std::vector<std::string>{"Oversigt", "SF1500", "SF1514", "Dokumentation"});

    REQUIRE(summary->interfaces.size() == 3);
    CHECK(summary->interfaces[0].id == "SF0810");
    CHECK(summary->interfaces[0].klarmeldt == Verdict::IkkeRelevant);
    CHECK(summary->interfaces[0].declaration == "Ikke relevant");
    CHECK(summary->find_interface("SF1500")->klarmeldt == Verdict::Nej);
    CHECK(summary->find_interface("SF1500")->name == "Organisation services");
    CHECK(summary->find_interface("SF1514")->klarmeldt == Verdict::Ja);
    CHECK(summary->find_interface("SF9999") == nullptr);
    CHECK(summary->find_interface("SF1500")->has_sheet);
    CHECK_FALSE(summary->find_interface("SF0810")->has_sheet);
    CHECK(summary->find_interface("SF1500")->remarks ==
          "Ikke opfyldt: SF1500.2 (Nej), SF1500.3 (Ikke testet). Begrundelserne står på arket Dokumentation.");
    CHECK(summary->find_criterion("SF1500.1")->method == "sts.issue");
    CHECK(summary->find_criterion("SF1514.1")->method == "manuel");

    REQUIRE(summary->criteria.size() == 8);
    for (const auto& interface : assessment.interfaces) {
      for (const auto& criterion : interface.criteria) {
        CAPTURE(criterion.criterion_id);
        const auto* read = summary->find_criterion(criterion.criterion_id);
        REQUIRE(read != nullptr);
        CHECK(read->verdict == criterion.verdict);
        CHECK(read->interface_id == interface.id);
        CHECK(read->reason == criterion.reason);
        CHECK(read->decided_at == criterion.decided_at);
        CHECK(read->required == criterion.required);
        // Texts come from the interface sheets, which only assessed interfaces have.
        CHECK(read->text == (interface.assessed ? criterion.text_da : std::string()));
      }
    }
  }

  TEST_CASE("round trip in English, incomplete run") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.incomplete = true;
    assessment.incomplete_reason = "--only SF1500";
    auto summary = read_readiness_workbook(write_sample(dir, assessment, Language::English));
    REQUIRE(summary.ok());
    CHECK(summary->language == Language::English);
    CHECK(summary->municipality_code == 169);
    CHECK(summary->incomplete);
    CHECK(summary->incomplete_reason == "--only SF1500");
    CHECK(summary->find_interface("SF1500")->klarmeldt == Verdict::Nej);
    CHECK(summary->find_criterion("SF1500.3")->verdict == Verdict::IkkeTestet);
  }

  TEST_CASE("an assessment without interfaces still makes a readable workbook") {
    TempDir dir;
    auto assessment = sample_assessment();
    assessment.interfaces.clear();
    auto summary = read_readiness_workbook(write_sample(dir, assessment, Language::Danish));
    REQUIRE(summary.ok());
    CHECK(summary->interfaces.empty());
    CHECK(summary->criteria.empty());
    CHECK(summary->catalog_sha256 == assessment.catalog_sha256);
  }

  TEST_CASE("reading from memory gives the same answer") {
    TempDir dir;
    auto bytes = read_file(write_sample(dir, sample_assessment(), Language::Danish));
    REQUIRE(bytes.ok());
    auto summary = read_readiness_workbook_bytes(*bytes, "in-memory.xlsx");
    REQUIRE(summary.ok());
    CHECK(summary->criteria.size() == 8);
  }

  TEST_CASE("not a ZIP file") {
    TempDir dir;
    std::string path = dir.file("fake.xlsx");
    REQUIRE(write_file_atomically(path, "this is not a spreadsheet").ok());
    auto summary = read_readiness_workbook(path);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == "workbook.not-zip");
    CHECK(summary.error().message.starts_with(path + ": "));
  }

  TEST_CASE("a missing file is an error, not a crash") {
    auto summary = read_readiness_workbook("/nonexistent/klarmeld.xlsx");
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == "workbook.unreadable");
  }

  TEST_CASE("without the documentation sheet: no criteria, the parts named, the sheet not parsed") {
    TempDir dir;
    std::string path = write_sample(dir, sample_assessment(), Language::Danish);
    auto whole = read_readiness_workbook(path);
    REQUIRE(whole.ok());
    CHECK_FALSE(whole->criteria.empty());
    CHECK(whole->documentation_part == "xl/worksheets/sheet4.xml"); // the fourth sheet, "Dokumentation"
    CHECK(whole->shared_strings_part == "xl/sharedStrings.xml");

    // Cut in half: malformed XML, which only a reader of that sheet notices.
    rewrite_part(path, "xl/worksheets/sheet4.xml", [](std::string xml) { return xml.substr(0, xml.size() / 2); });
    WorkbookReadLimits limits;
    limits.documentation_sheet = false;
    auto overview_only = read_readiness_workbook(path, limits);
    REQUIRE_MESSAGE(overview_only.ok(), (overview_only.ok() ? "" : overview_only.error().render()));
    CHECK(overview_only->criteria.empty());
    CHECK(overview_only->documentation_part == "xl/worksheets/sheet4.xml");
    CHECK(overview_only->vendor_name == whole->vendor_name);
    REQUIRE(overview_only->interfaces.size() == whole->interfaces.size());
    for (size_t i = 0; i < whole->interfaces.size(); ++i) {
      CHECK(overview_only->interfaces[i].klarmeldt == whole->interfaces[i].klarmeldt);
    }
    auto read_whole = read_readiness_workbook(path);
    REQUIRE_FALSE(read_whole.ok());
    CHECK(read_whole.error().code == "workbook.xml");
    CHECK(read_whole.error().message.find("sheet4.xml") != std::string::npos);
  }

  TEST_CASE("a verdict cell with an unknown word names the cell") {
    TempDir dir;
    std::string path = write_sample(dir, sample_assessment(), Language::Danish);
    rewrite_part(path, "xl/sharedStrings.xml",
                 [](std::string xml) { return replace_all(xml, "<t>Nej</t>", "<t>Måske</t>"); });
    auto summary = read_readiness_workbook(path);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == "workbook.layout");
    CHECK(summary.error().message.find("D8: 'Måske' is not") != std::string::npos);
  }

  TEST_CASE("a DOCTYPE in any part is refused") {
    TempDir dir;
    std::string path = write_sample(dir, sample_assessment(), Language::Danish);
    rewrite_part(path, "xl/sharedStrings.xml", [](std::string xml) {
      auto declaration_end = xml.find("?>") + 2;
      return xml.substr(0, declaration_end) + "<!DOCTYPE sst [<!ENTITY boom \"boom\">]>" + xml.substr(declaration_end);
    });
    auto summary = read_readiness_workbook(path);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == "workbook.dtd");
    CHECK(summary.error().message.find("xl/sharedStrings.xml") != std::string::npos);
  }

  TEST_CASE("malformed XML is an error with the part named") {
    TempDir dir;
    std::string path = write_sample(dir, sample_assessment(), Language::Danish);
    rewrite_part(path, "xl/workbook.xml", [](std::string xml) { return xml.substr(0, xml.size() / 2); });
    auto summary = read_readiness_workbook(path);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == "workbook.xml");
    CHECK(summary.error().message.find("xl/workbook.xml") != std::string::npos);
  }

  TEST_CASE("a shared-string index out of range is an error") {
    TempDir dir;
    std::string path = write_sample(dir, sample_assessment(), Language::Danish);
    rewrite_part(path, "xl/worksheets/sheet1.xml", [](std::string xml) {
      return replace_all(xml, "<c r=\"A1\" s=\"1\" t=\"s\"><v>0</v>", "<c r=\"A1\" s=\"1\" t=\"s\"><v>99999</v>");
    });
    auto summary = read_readiness_workbook(path);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == "workbook.bad-cell");
  }

  TEST_CASE("size caps: file, inflated part, entries, cells") {
    TempDir dir;
    std::string path = write_sample(dir, sample_assessment(), Language::Danish);
    SUBCASE("file") {
      WorkbookReadLimits limits;
      limits.max_file_bytes = 100;
      auto summary = read_readiness_workbook(path, limits);
      REQUIRE_FALSE(summary.ok());
      CHECK(summary.error().code == "workbook.too-large");
    }
    SUBCASE("part that inflates beyond the cap (zip bomb)") {
      rewrite_part(path, "xl/sharedStrings.xml", [](std::string xml) { return xml + std::string(200000, ' '); });
      WorkbookReadLimits limits;
      limits.max_part_bytes = 100000;
      auto summary = read_readiness_workbook(path, limits);
      REQUIRE_FALSE(summary.ok());
      CHECK(summary.error().code == "workbook.too-large");
      CHECK(summary.error().message.find("inflates to more than 100000 bytes") != std::string::npos);
    }
    SUBCASE("entries") {
      WorkbookReadLimits limits;
      limits.max_entries = 3;
      auto summary = read_readiness_workbook(path, limits);
      REQUIRE_FALSE(summary.ok());
      CHECK(summary.error().code == "workbook.too-large");
    }
    SUBCASE("cells") {
      WorkbookReadLimits limits;
      limits.max_cells = 10;
      auto summary = read_readiness_workbook(path, limits);
      REQUIRE_FALSE(summary.ok());
      CHECK(summary.error().code == "workbook.too-large");
    }
  }
}

TEST_SUITE("report::workbook_reader hostile input") {
  TEST_CASE("random byte corruption ends in a result or an error, never a crash") {
    TempDir dir;
    auto original = read_file(write_sample(dir, sample_assessment(), Language::Danish));
    REQUIRE(original.ok());
    std::mt19937 random(20261123); // fixed seed: the same corruptions every run
    int errors = 0;
    for (int round = 0; round < 300; ++round) {
      std::string bytes = *original;
      int flips = 1 + static_cast<int>(random() % 8);
      for (int i = 0; i < flips; ++i) {
        bytes[random() % bytes.size()] = static_cast<char>(random() % 256);
      }
      auto summary = read_readiness_workbook_bytes(bytes, "fuzz.xlsx");
      if (!summary.ok()) {
        ++errors;
        CHECK_FALSE(summary.error().message.empty());
      }
    }
    CHECK(errors > 0); // the corruption really reached the reader
  }

  TEST_CASE("corrupted XML inside a valid ZIP ends in an error, never a crash") {
    TempDir dir;
    std::mt19937 random(1500);
    const char* parts[] = {"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml",
                           "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet4.xml"};
    const std::string noise = "<>&\"'/=![]x\x01\xff";
    for (int round = 0; round < 40; ++round) {
      std::string path = write_sample(dir, sample_assessment(), Language::Danish);
      std::string part = parts[round % 5];
      rewrite_part(path, part, [&](std::string xml) {
        for (int i = 0; i < 5; ++i) {
          std::size_t at = random() % xml.size();
          if (random() % 2 == 0) {
            xml.insert(at, 1, noise[random() % noise.size()]);
          } else {
            xml.erase(at, 1 + random() % 20);
          }
        }
        return xml;
      });
      auto summary = read_readiness_workbook(path);
      if (!summary.ok()) {
        CHECK(summary.error().message.find("readiness.xlsx") != std::string::npos);
      }
    }
  }
}
