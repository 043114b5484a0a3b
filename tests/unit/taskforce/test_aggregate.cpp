// The aggregate over a mixed folder: valid, tampered, unsigned, untrusted and older-catalog workbooks.
// The overview is read back with openpyxl (an independent reader) and its cells and colours asserted.
#include <doctest/doctest.h>

#include <regex>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "bench/synthetic_assessment.hpp"
#include "crypto/identity.hpp"
#include "report/rollout_overview.hpp"
#include "sign/opc_signer.hpp"
#include "sign/package.hpp"
#include "taskforce/aggregate.hpp"
#include "taskforce/heatmap_html.hpp"
#include "taskforce/input_files.hpp"
#include "taskforce_support.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::taskforce {
namespace {

using testing::catalog;
using testing::pki;

using testing::lead_columns;

struct MixedFolder {
  std::string inputs;
  std::vector<engine::Assessment> accepted; // in matrix order
  AggregateResult result;
  std::string xlsx;
  std::string html;
};

engine::Assessment valid_a() {
  engine::Assessment assessment = bench::synthetic_assessment(catalog(), 0);
  assessment.vendor_cvr = testing::cvr_number(0);
  bench::set_interface_verdict(assessment, "SF1500", Verdict::Ja);
  bench::set_interface_verdict(assessment, "SF0810", Verdict::Nej);
  bench::set_interface_verdict(assessment, "SF1511", Verdict::IkkeRelevant);
  bench::set_interface_verdict(assessment, "SF1512", Verdict::IkkeTestet);
  bench::set_interface_verdict(assessment, "SF1590_A", Verdict::IkkeRelevant); // in no accepted file
  return assessment;
}

engine::Assessment valid_b() {
  engine::Assessment assessment = bench::synthetic_assessment(catalog(), 1);
  assessment.vendor_cvr = testing::cvr_number(1);
  // Hostile text must stay text in the HTML (attribute, element and <script> contexts).
  assessment.system_name = "System </script><img src=x onerror=alert(1)> & \"co\"";
  bench::set_interface_verdict(assessment, "SF1500", Verdict::Nej);
  bench::set_interface_verdict(assessment, "SF1590_A", Verdict::IkkeRelevant);
  return assessment;
}

engine::Assessment older_catalog() {
  engine::Assessment assessment = bench::synthetic_assessment(catalog(), 2);
  assessment.vendor_cvr = testing::cvr_number(2);
  assessment.catalog_version = "0.9.0";
  assessment.catalog_identity = "SKI 02.19 klarmeldingsregneark v. 1 (juni 2020), klarmeld-udgave (forløber)";
  assessment.interfaces.pop_back(); // SF1606 was not in the older catalog
  bench::set_interface_verdict(assessment, "SF1590_A", Verdict::IkkeRelevant);
  return assessment;
}

void tamper(const std::string& path) {
  auto package = sign::read_package(path);
  REQUIRE(package);
  const std::string* strings = package->find("xl/sharedStrings.xml");
  REQUIRE(strings != nullptr);
  std::string changed = *strings;
  auto at = changed.find("Nej");
  REQUIRE(at != std::string::npos);
  changed.replace(at, 3, "Ja!");
  package->put("xl/sharedStrings.xml", changed);
  REQUIRE(sign::write_package(path, *package));
}

const MixedFolder& mixed_folder() {
  static const MixedFolder folder = [] {
    MixedFolder made;
    std::string out = KLARMELD_TASKFORCE_OUT;
    std::filesystem::remove_all(out);
    made.inputs = out + "/inputs";
    std::filesystem::create_directories(made.inputs);
    const crypto::Identity& vendor = pki().vendor_system;
    testing::write_workbook(valid_a(), made.inputs + "/a-valid.xlsx", &vendor);
    testing::write_workbook(valid_b(), made.inputs + "/b-valid.xlsx", &vendor);
    testing::write_workbook(bench::synthetic_assessment(catalog(), 3), made.inputs + "/c-tampered.xlsx", &vendor);
    tamper(made.inputs + "/c-tampered.xlsx");
    testing::write_workbook(bench::synthetic_assessment(catalog(), 4), made.inputs + "/d-unsigned.xlsx", nullptr);
    testing::write_workbook(bench::synthetic_assessment(catalog(), 5), made.inputs + "/e-untrusted.xlsx",
                            &pki().vendor_untrusted);
    testing::write_workbook(older_catalog(), made.inputs + "/f-older.xlsx", &vendor);
    made.accepted = {valid_a(), valid_b(), older_catalog()};
    // The trust anchor beside the inputs, for the command-line test (cli_aggregate.py).
    REQUIRE(write_file_atomically(out + "/root-ca.pem", crypto::to_pem(pki().root_ca.certificate.get())));

    auto anchors = testing::trust_anchors();
    made.xlsx = out + "/overview.xlsx";
    made.html = out + "/overview.html";
    AggregateOptions options = testing::aggregate_options(made.inputs, anchors, made.xlsx);
    for (const auto& interface : catalog().interfaces) {
      options.column_names.push_back(interface.name_da);
    }
    options.html_path = made.html;
    auto result = run_aggregate(options);
    REQUIRE(result);
    made.result = std::move(*result);
    return made;
  }();
  return folder;
}

std::string fill_of(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ja:
    return "C6EFCE";
  case Verdict::Nej:
    return "FFC7CE";
  case Verdict::IkkeTestet:
    return "FFEB9C";
  case Verdict::IkkeRelevant:
    return "D9D9D9";
  }
  return "";
}

// Another run over the mixed folder, the overview only, into KLARMELD_TASKFORCE_OUT/xlsx_name.
AggregateOptions options_over(const MixedFolder& folder, const std::vector<crypto::X509Ptr>& anchors,
                              const std::string& xlsx_name) {
  return testing::aggregate_options(folder.inputs, anchors, std::string(KLARMELD_TASKFORCE_OUT) + "/" + xlsx_name);
}

Verdict expected_cell(const engine::Assessment& assessment, const std::string& interface_id) {
  for (const auto& interface : assessment.interfaces) {
    if (interface.id == interface_id) {
      return interface.klarmeldt;
    }
  }
  return Verdict::IkkeTestet;
}

// The overview's matrix, excluded files and inputs, cell by cell, as openpyxl reads them.
void check_same_overview(const testing::CellDump& serial, const testing::CellDump& parallel) {
  for (const char* sheet : {"Matrix", "Udeladte filer", "Input"}) {
    CAPTURE(sheet);
    REQUIRE(parallel.rows(sheet) == serial.rows(sheet));
    for (int row = 1; row <= serial.rows(sheet); ++row) {
      for (int col = 1; col <= 40; ++col) {
        CHECK(parallel.value(sheet, row, col) == serial.value(sheet, row, col));
      }
    }
  }
}

} // namespace

TEST_SUITE("taskforce::aggregate") {
  TEST_CASE("collect_input_files: only .xlsx in a folder, sorted; missing inputs are errors") {
    std::string dir = testing::fresh_dir("collect");
    for (const char* name : {"b.xlsx", "a.xlsx", "a.xlsx.p7s", "~$a.xlsx", "notes.txt"}) {
      std::ofstream(dir + "/" + name) << "x";
    }
    auto files = collect_input_files({dir});
    REQUIRE(files);
    REQUIRE(files->size() == 2);
    CHECK(files->at(0) == dir + "/a.xlsx");
    CHECK(files->at(1) == dir + "/b.xlsx");
    CHECK_FALSE(collect_input_files({dir + "/missing"}));
    CHECK_FALSE(collect_input_files({testing::fresh_dir("empty")}));
  }

  TEST_CASE("collect_input_files: workbooks in subfolders count, one folder per vendor as the demo writes") {
    std::string dir = testing::fresh_dir("collect-nested");
    std::filesystem::create_directories(dir + "/vendor-b/2026");
    std::filesystem::create_directories(dir + "/vendor-a");
    for (const char* name : {"vendor-b/2026/b.xlsx", "vendor-a/a.xlsx", "vendor-a/a.xlsx.p7s", "top.xlsx"}) {
      std::ofstream(dir + "/" + name) << "x";
    }
    auto files = collect_input_files({dir});
    REQUIRE(files);
    CHECK(*files ==
          std::vector<std::string>{dir + "/top.xlsx", dir + "/vendor-a/a.xlsx", dir + "/vendor-b/2026/b.xlsx"});
  }

  // A dangling link listed last used to end the run ("No such file or directory"): the walk's error
  // code was reused for each entry's type, so the last entry's answer became the walk's.
  TEST_CASE("collect_input_files: a link whose target is gone is listed, not an error; other names are not") {
    std::string dir = testing::fresh_dir("collect-dangling");
    std::ofstream(dir + "/a.xlsx") << "x";
    std::filesystem::create_symlink(dir + "/gone.xlsx", dir + "/zz-gone.xlsx");
    std::filesystem::create_symlink(dir + "/gone.txt", dir + "/zzz-dangling.txt");
    std::filesystem::create_directories(dir + "/folder.xlsx"); // a folder named like a workbook
    auto files = collect_input_files({dir});
    REQUIRE(files);
    CHECK(*files == std::vector<std::string>{dir + "/a.xlsx", dir + "/zz-gone.xlsx"});
    auto anchors = testing::trust_anchors();
    AggregateOptions options = testing::aggregate_options(dir, anchors, testing::fresh_dir("collect-out") + "/o.xlsx");
    auto result = run_aggregate(options);
    REQUIRE(result);
    REQUIRE(result->excluded.size() == 2); // a.xlsx is not a workbook either
    CHECK(result->excluded[1].path.ends_with("zz-gone.xlsx"));
    CHECK(result->excluded[1].code == "unreadable");
  }

  TEST_CASE("mixed folder: three accepted, three excluded with their reasons") {
    const MixedFolder& folder = mixed_folder();
    CHECK(folder.result.tally.accepted() == 3);
    CHECK(folder.result.tally.excluded() == 3);
    CHECK(folder.result.tally.older_catalog() == 1);
    REQUIRE(folder.result.excluded.size() == 3);
    CHECK(folder.result.excluded[0].path.ends_with("c-tampered.xlsx"));
    CHECK(folder.result.excluded[0].code == "invalid");
    CHECK(folder.result.excluded[0].reason.find("Ugyldig signatur") != std::string::npos);
    CHECK(folder.result.excluded[1].path.ends_with("d-unsigned.xlsx"));
    CHECK(folder.result.excluded[1].code == "unsigned");
    CHECK(folder.result.excluded[2].path.ends_with("e-untrusted.xlsx"));
    CHECK(folder.result.excluded[2].code == "untrusted");
    REQUIRE(folder.result.older_catalog_files.size() == 1);
    CHECK(folder.result.older_catalog_files[0].find("f-older.xlsx (0.9.0)") != std::string::npos);
  }

  TEST_CASE("overview workbook: sheets, matrix cells and KOMBIT colours (read with openpyxl)") {
    const MixedFolder& folder = mixed_folder();
    testing::CellDump dump = testing::dump_with_openpyxl(folder.xlsx);
    CHECK(dump.sheet_names ==
          std::vector<std::string>{"Matrix", "Grænseflader", "Leverandører", "Udeladte filer", "Input"});
    const auto& order = catalog().order;
    CHECK(dump.value("Matrix", 1, 1) == "Leverandør");
    for (size_t column = 0; column < order.size(); ++column) {
      CHECK(dump.value("Matrix", 1, lead_columns + 1 + static_cast<int>(column)) == order[column]);
    }
    REQUIRE(dump.rows("Matrix") == 4); // header + three accepted files, nothing from the excluded ones
    for (int row = 0; row < 3; ++row) {
      const engine::Assessment& assessment = folder.accepted[static_cast<size_t>(row)];
      CAPTURE(row);
      CHECK(dump.value("Matrix", row + 2, 1) == assessment.vendor_name);
      CHECK(dump.value("Matrix", row + 2, 3) == assessment.municipality_name);
      for (size_t column = 0; column < order.size(); ++column) {
        CAPTURE(order[column]);
        Verdict verdict = expected_cell(assessment, order[column]);
        int col = lead_columns + 1 + static_cast<int>(column);
        CHECK(dump.value("Matrix", row + 2, col) == to_danish(verdict));
        CHECK(dump.fill("Matrix", row + 2, col) == fill_of(verdict));
      }
    }
    int sf1500 = lead_columns + 1 + 14; // SF1500 is the 15th interface in the catalog order
    REQUIRE(order[14] == "SF1500");
    CHECK(dump.value("Matrix", 2, sf1500) == "Ja");
    CHECK(dump.fill("Matrix", 2, sf1500) == "C6EFCE");
    CHECK(dump.value("Matrix", 3, sf1500) == "Nej");
    CHECK(dump.fill("Matrix", 3, sf1500) == "FFC7CE");
    CHECK(dump.value("Matrix", 2, lead_columns + 1 + 1) == "Nej");            // SF0810
    CHECK(dump.value("Matrix", 2, lead_columns + 1 + 16) == "Ikke relevant"); // SF1511
    CHECK(dump.fill("Matrix", 2, lead_columns + 1 + 16) == "D9D9D9");
    CHECK(dump.value("Matrix", 2, lead_columns + 1 + 17) == "Ikke testet"); // SF1512
    CHECK(dump.fill("Matrix", 2, lead_columns + 1 + 17) == "FFEB9C");
    // The older catalog lacks SF1606: shown as not tested, and the version named.
    CHECK(dump.value("Matrix", 4, lead_columns + static_cast<int>(order.size())) == "Ikke testet");
    CHECK(dump.value("Matrix", 4, 4) == "0.9.0 (ældre)");
  }

  TEST_CASE("overview workbook: excluded files, inputs with digests and signers, summaries") {
    const MixedFolder& folder = mixed_folder();
    testing::CellDump dump = testing::dump_with_openpyxl(folder.xlsx);
    REQUIRE(dump.rows("Udeladte filer") == 4);
    CHECK(dump.value("Udeladte filer", 2, 1).ends_with("c-tampered.xlsx"));
    CHECK(dump.value("Udeladte filer", 2, 2) == "invalid");
    CHECK(dump.value("Udeladte filer", 3, 2) == "unsigned");
    CHECK(dump.value("Udeladte filer", 4, 2) == "untrusted");
    CHECK(dump.value("Udeladte filer", 4, 3).starts_with("Signatur ikke betroet"));

    REQUIRE(dump.rows("Input") == 7);
    for (int row = 2; row <= 7; ++row) {
      std::string path = dump.value("Input", row, 1);
      auto digest = sha256_file_hex(path);
      REQUIRE(digest);
      CHECK(dump.value("Input", row, 2) == *digest);
    }
    CHECK(dump.value("Input", 2, 3) == "Medtaget");
    CHECK(dump.value("Input", 2, 4).find("CN=") != std::string::npos);
    CHECK(dump.value("Input", 3, 3) == "Medtaget");
    CHECK(dump.value("Input", 5, 3) == "Udeladt (unsigned)");
    CHECK(dump.value("Input", 5, 4).empty());
    CHECK(dump.value("Input", 7, 9).starts_with("Ældre katalogversion 0.9.0"));

    // Per interface: SF1500 is Ja in one file, Nej in one, and whatever the synthetic third says.
    REQUIRE(dump.value("Grænseflader", 16, 1) == "SF1500");
    Verdict third = expected_cell(folder.accepted[2], "SF1500");
    CHECK(std::stoi(dump.value("Grænseflader", 16, 3)) == 1 + (third == Verdict::Ja ? 1 : 0));
    CHECK(std::stoi(dump.value("Grænseflader", 16, 4)) == 1 + (third == Verdict::Nej ? 1 : 0));
    CHECK(dump.value("Grænseflader", 16, 7) == "3");
    // The share klarmeldt only where the interface is relevant in some klarmelding; else an empty cell.
    int without_relevant = 0;
    for (int row = 2; !dump.value("Grænseflader", row, 1).empty(); ++row) {
      bool none_relevant = dump.value("Grænseflader", row, 6) == dump.value("Grænseflader", row, 7);
      without_relevant += none_relevant ? 1 : 0;
      CHECK_MESSAGE(dump.value("Grænseflader", row, 8).empty() == none_relevant, dump.value("Grænseflader", row, 1));
    }
    CHECK(without_relevant > 0);
    // Per vendor: three synthetic vendors, one file each.
    CHECK(dump.rows("Leverandører") == 4);
    CHECK(dump.value("Leverandører", 2, 1) == folder.accepted[0].vendor_name);
    CHECK(dump.value("Leverandører", 2, 2) == "1");
  }

  TEST_CASE("parallel workers give the same overview, in input order") {
    const MixedFolder& folder = mixed_folder();
    auto anchors = testing::trust_anchors();
    AggregateOptions options = options_over(folder, anchors, "overview-parallel.xlsx");
    options.jobs = 3;
    auto result = run_aggregate(options);
    REQUIRE(result);
    CHECK(result->tally.accepted() == 3);
    testing::CellDump serial = testing::dump_with_openpyxl(folder.xlsx);
    testing::CellDump parallel = testing::dump_with_openpyxl(options.xlsx_path);
    check_same_overview(serial, parallel);
  }

  TEST_CASE("workers that outlive a batch: many batches in input order, the same as one worker") {
    const MixedFolder& folder = mixed_folder();
    auto anchors = testing::trust_anchors();
    // The six files seven times over: 42 inputs are three batches with two workers (16, 16, 10) and
    // two with three; each file's row must land in its own place whichever worker read it.
    auto options_for = [&](unsigned jobs) {
      AggregateOptions options = options_over(folder, anchors, "overview-batches-" + std::to_string(jobs) + ".xlsx");
      std::vector<std::string> once = options.files;
      options.files.clear();
      for (int round = 0; round < 7; ++round) {
        options.files.insert(options.files.end(), once.begin(), once.end());
      }
      options.jobs = jobs;
      return options;
    };
    AggregateOptions serial_options = options_for(1);
    auto serial_result = run_aggregate(serial_options);
    REQUIRE(serial_result);
    testing::CellDump serial = testing::dump_with_openpyxl(serial_options.xlsx_path);
    REQUIRE(serial.rows("Input") > 42);
    for (unsigned jobs : {2U, 3U}) {
      CAPTURE(jobs);
      AggregateOptions options = options_for(jobs);
      auto result = run_aggregate(options);
      REQUIRE(result);
      CHECK(result->tally.accepted() == serial_result->tally.accepted());
      testing::CellDump parallel = testing::dump_with_openpyxl(options.xlsx_path);
      check_same_overview(serial, parallel);
    }
  }

  TEST_CASE("the local time zone is read once and stays what it was") {
    const MixedFolder& folder = mixed_folder();
    unsetenv("TZ");
    tzset();
    // Winter and summer, so a zone with daylight saving shows both of its offsets.
    auto offsets = [] {
      std::vector<long> seconds;
      for (std::time_t instant : {std::time_t{1768478400}, std::time_t{1784116800}}) {
        std::tm local{};
        localtime_r(&instant, &local);
        seconds.push_back(local.tm_gmtoff);
      }
      return seconds;
    };
    std::vector<long> before = offsets();
    auto anchors = testing::trust_anchors();
    AggregateOptions options = options_over(folder, anchors, "overview-time-zone.xlsx");
    REQUIRE(run_aggregate(options));
    // libzip's mktime per ZIP entry would otherwise stat /etc/localtime each time (taskforce/aggregate.cpp).
    REQUIRE(std::getenv("TZ") != nullptr);
    CHECK(std::string(std::getenv("TZ")) == ":/etc/localtime");
    CHECK(offsets() == before);
  }

  TEST_CASE("HTML: one file, no external assets, hostile text escaped, criteria embedded") {
    const MixedFolder& folder = mixed_folder();
    auto html = read_file(folder.html);
    REQUIRE(html);
    CHECK(html->find("<img src=x") == std::string::npos);
    CHECK(html->find("&lt;/script&gt;&lt;img src=x") != std::string::npos);
    CHECK(html->find("\\u003c/script\\u003e\\u003cimg") != std::string::npos);
    CHECK(html->find("src=\"http") == std::string::npos);
    CHECK(html->find("href=\"http") == std::string::npos);
    CHECK(html->find("<link") == std::string::npos);
    size_t cells = 0;
    for (size_t at = html->find("<td class=\"cell "); at != std::string::npos;
         at = html->find("<td class=\"cell ", at + 1)) {
      ++cells;
    }
    CHECK(cells == 3 * catalog().order.size());
    CHECK(html->find("[\"SF1500.1\",\"ja\",") != std::string::npos);
    CHECK(html->find("c-tampered.xlsx") != std::string::npos); // listed as excluded
    // Shares in Danish notation; an interface relevant in no klarmelding gets no share at all.
    CHECK(std::regex_search(*html, std::regex("[0-9]+,[0-9] % klarmeldt \\([0-9]+ af [0-9]+ relevante\\)")));
    CHECK_FALSE(std::regex_search(*html, std::regex("[0-9]\\.[0-9] % klarmeldt")));
    CHECK(html->find("ikke relevant i nogen klarmelding") != std::string::npos);
    CHECK(html->find("(0 af 0 relevante)") == std::string::npos);
    // The legend names every word the matrix can show, "Afventer dokumentation" in Ikke testet's yellow.
    size_t legend = html->find("<p class=\"legend\">");
    REQUIRE(legend != std::string::npos);
    std::string legend_text = html->substr(legend, html->find("</p>", legend) - legend);
    CHECK(legend_text.find(">Afventer dokumentation</span>") != std::string::npos);
  }

  TEST_CASE("a signed rollout overview beside its municipalities' workbooks is listed, not excluded") {
    std::string folder = std::string(KLARMELD_TASKFORCE_OUT) + "-rollout";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    const crypto::Identity& vendor = pki().vendor_system;
    engine::Assessment aarhus = valid_a();
    testing::write_workbook(aarhus, folder + "/klarmelding_aarhus.xlsx", &vendor);
    // What `check --kommune ...` writes beside the workbooks (cli/rollout_outputs.cpp), signed and not.
    report::RolloutOverview overview = report::build_rollout_overview({aarhus}, report::Language::Danish);
    for (const char* name : {"/udrulning.xlsx", "/udrulning-usigneret.xlsx"}) {
      REQUIRE(report::write_rollout_workbook_at(overview, folder + name, report::Language::Danish));
    }
    REQUIRE(sign::sign_file(folder + "/udrulning.xlsx", vendor, sign::SignOptions{}));
    auto anchors = testing::trust_anchors();
    AggregateOptions options;
    options.files = *collect_input_files({folder});
    options.columns = catalog().order;
    options.catalog_version = catalog().version;
    options.trust_anchors = &anchors;
    options.xlsx_path = folder + "/overblik.out.xlsx";
    options.html_path = folder + "/overblik.out.html";
    auto result = run_aggregate(options);
    REQUIRE(result);
    CHECK(result->tally.accepted() == 1);
    CHECK(result->tally.rollout_overviews() == 1);
    CHECK(result->rollout_overviews == std::vector<std::string>{folder + "/udrulning.xlsx"});
    // Unsigned, it is excluded like any unsigned file: the signature decides first.
    REQUIRE(result->excluded.size() == 1);
    CHECK(result->excluded[0].code == "unsigned");
    CHECK_FALSE(result->clean());

    // The overview workbook and the heat map say the same: listed, not among the excluded files.
    testing::CellDump dump = testing::dump_with_openpyxl(options.xlsx_path);
    REQUIRE(dump.rows("Udeladte filer") == 2); // the heading and the unsigned one
    CHECK(dump.value("Udeladte filer", 2, 1) == folder + "/udrulning-usigneret.xlsx");
    bool listed = false;
    for (int row = 2; row <= dump.rows("Input"); ++row) {
      if (dump.value("Input", row, 1) == folder + "/udrulning.xlsx") {
        listed = true;
        CHECK(dump.value("Input", row, 3) == "Udrulningsoversigt (tælles ikke)");
        CHECK(dump.value("Input", row, 9) == "Udrulningsoversigt: " + std::string(rollout_overview_note));
      }
    }
    CHECK(listed);
    auto html = read_file(options.html_path);
    REQUIRE(html);
    size_t excluded_table = html->find("id=\"excluded\"");
    size_t overviews = html->find("<ul id=\"rollout-overviews\">");
    REQUIRE(excluded_table != std::string::npos);
    REQUIRE(overviews != std::string::npos);
    std::string excluded_rows = html->substr(excluded_table, html->find("</table>", excluded_table) - excluded_table);
    CHECK(excluded_rows.find("udrulning-usigneret.xlsx") != std::string::npos);
    CHECK(excluded_rows.find("/udrulning.xlsx") == std::string::npos);
    CHECK(html->find("<li>" + folder + "/udrulning.xlsx</li>", overviews) != std::string::npos);
    CHECK(html->find("1 udrulningsoversigt(er), ikke talt med") != std::string::npos);
  }

  TEST_CASE("escape_json_for_script removes every '<', '>' and '&'") {
    CHECK(escape_json_for_script("\"</script><!--&\"") == "\"\\u003c/script\\u003e\\u003c!--\\u0026\"");
    CHECK(escape_html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }
}

} // namespace klarmeld::taskforce
