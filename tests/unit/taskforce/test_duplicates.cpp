// One klarmelding per (vendor, system, municipality): real signed workbooks for the same system and
// municipality, aggregated in both argument orders; the overview read back with openpyxl.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "bench/synthetic_assessment.hpp"
#include "sign/opc_signer.hpp"
#include "taskforce/aggregate.hpp"
#include "taskforce/duplicate_resolver.hpp"
#include "taskforce/row_spool.hpp"
#include "taskforce/submission_identity.hpp"
#include "taskforce_support.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"

namespace klarmeld::taskforce {
namespace {

using testing::catalog;
using testing::pki;

using testing::lead_columns;
constexpr int sf1500_column = lead_columns + 1 + 14; // SF1500 is the 15th interface in catalog order

// Synthetic assessment `index` for one vendor (by CVR), assessed at `finished_at`, SF1500 set to `sf1500`.
engine::Assessment submission(std::size_t index, int vendor, const std::string& finished_at, Verdict sf1500) {
  engine::Assessment assessment = bench::synthetic_assessment(catalog(), index);
  assessment.vendor_cvr = testing::cvr_number(vendor);
  assessment.started_at = finished_at.substr(0, 14) + "00:00Z";
  assessment.finished_at = finished_at;
  bench::set_interface_verdict(assessment, "SF1500", sf1500);
  return assessment;
}

struct Run {
  AggregateResult result;
  testing::CellDump dump;
  std::string html;
};

// with_html: also the HTML heat map, the one output that needs every criterion read.
Run aggregate(const std::vector<std::string>& files, const std::string& dir, const std::string& name, unsigned jobs = 1,
              bool with_html = true) {
  auto anchors = testing::trust_anchors();
  AggregateOptions options;
  options.files = files;
  options.columns = catalog().order;
  for (const auto& interface : catalog().interfaces) {
    options.column_names.push_back(interface.name_da);
  }
  options.catalog_version = catalog().version;
  options.trust_anchors = &anchors;
  options.xlsx_path = dir + "/" + name + ".xlsx";
  options.html_path = with_html ? dir + "/" + name + ".html" : "";
  options.jobs = jobs;
  auto result = run_aggregate(options);
  REQUIRE(result);
  std::string html;
  if (with_html) {
    auto written = read_file(options.html_path);
    REQUIRE(written);
    html = std::move(*written);
  }
  return Run{std::move(*result), testing::dump_with_openpyxl(options.xlsx_path), std::move(html)};
}

const ExcludedFile* excluded(const AggregateResult& result, const std::string& path) {
  auto found = std::find_if(result.excluded.begin(), result.excluded.end(),
                            [&](const ExcludedFile& file) { return file.path == path; });
  return found == result.excluded.end() ? nullptr : &*found;
}

// The Udeladte filer row naming `path`, or 0.
int excluded_row(const testing::CellDump& dump, const std::string& path) {
  for (int row = 2; row <= dump.rows("Udeladte filer"); ++row) {
    if (dump.value("Udeladte filer", row, 1) == path) {
      return row;
    }
  }
  return 0;
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

} // namespace

TEST_SUITE("taskforce::duplicates") {
  TEST_CASE("a newer klarmelding supersedes an older one, whatever the argument order") {
    std::string dir = testing::fresh_dir("supersede");
    const crypto::Identity& vendor = pki().vendor_system;
    // The newer file sorts first by name, so neither name nor order can be what decides.
    std::string newer = dir + "/a-ny.xlsx";
    std::string older = dir + "/b-gammel.xlsx";
    testing::write_workbook(submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Ja), newer, &vendor);
    engine::Assessment old_one = submission(0, 1, "2026-10-01T10:05:00Z", Verdict::Nej);
    old_one.vendor_name = "  LEVERANDØR 01   a/s"; // same CVR: the same vendor, whatever the name says
    old_one.system_name = "system  a";             // same system name, normalised
    old_one.municipality_name = "Århus";           // same municipality code (751)
    old_one.system_version = "0.9";
    testing::write_workbook(old_one, older, &vendor);

    for (const auto& order : {std::vector{older, newer}, std::vector{newer, older}}) {
      CAPTURE(order.front());
      Run run = aggregate(order, dir, "overview-" + std::to_string(order.front() == newer), order.size());
      CHECK(run.result.tally.accepted() == 1);
      CHECK(run.result.tally.replaced() == 1);
      CHECK(run.result.tally.excluded() == 0);
      CHECK(run.result.clean());
      const ExcludedFile* superseded = excluded(run.result, older);
      REQUIRE(superseded != nullptr);
      CHECK(superseded->code == "superseded");
      CHECK(superseded->reason == "Erstattet af nyere klarmelding: " + newer +
                                      " (2026-11-01T10:05:00Z); denne fil er fra 2026-10-01T10:05:00Z");
      CHECK(excluded(run.result, newer) == nullptr);
      // One matrix row, the newer one's answers; the older file listed with its reason.
      CHECK(run.dump.rows("Matrix") == 2);
      CHECK(run.dump.value("Matrix", 2, sf1500_column) == "Ja");
      int row = excluded_row(run.dump, older);
      REQUIRE(row != 0);
      CHECK(run.dump.value("Udeladte filer", row, 2) == "superseded");
      CHECK(run.dump.value("Udeladte filer", row, 3) == superseded->reason);
      CHECK(run.dump.rows("Input") == 3);
      // Counted once: per interface, per vendor, and in the heat map.
      CHECK(run.dump.value("Grænseflader", 16, 1) == "SF1500");
      CHECK(run.dump.value("Grænseflader", 16, 3) == "1");
      CHECK(run.dump.value("Grænseflader", 16, 7) == "1");
      CHECK(run.dump.value("Leverandører", 2, 2) == "1");
      CHECK(count_of(run.html, "<td class=\"cell ") == catalog().order.size());
      CHECK(run.html.find("1 erstattet af en nyere") != std::string::npos);
      CHECK(run.html.find("Erstattet af nyere klarmelding") != std::string::npos);
    }
  }

  TEST_CASE("the same time with different content is a conflict: both named, one kept by file name") {
    std::string dir = testing::fresh_dir("conflict");
    const crypto::Identity& vendor = pki().vendor_system;
    std::string first = dir + "/k1.xlsx";
    std::string second = dir + "/k2.xlsx";
    testing::write_workbook(submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Nej), first, &vendor);
    testing::write_workbook(submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Ja), second, &vendor);

    for (const auto& order : {std::vector{first, second}, std::vector{second, first}}) {
      CAPTURE(order.front());
      Run run = aggregate(order, dir, "overview-" + std::to_string(order.front() == first));
      CHECK(run.result.tally.accepted() == 1);
      CHECK(run.result.tally.conflicts() == 1);
      CHECK_FALSE(run.result.clean()); // exit 1: a person must decide
      const ExcludedFile* loser = excluded(run.result, second);
      REQUIRE(loser != nullptr);
      CHECK(loser->code == "conflict");
      CHECK(loser->reason.find("Konflikt: samme tidspunkt men andet indhold end " + first +
                               " (2026-11-01T10:05:00Z)") == 0);
      REQUIRE(run.result.conflicts.size() == 1);
      CHECK(run.result.conflicts[0].find(first + ": Konflikt") == 0);
      CHECK(run.result.conflicts[0].find(second) != std::string::npos);
      // The kept row is marked in the matrix, explained on the Input sheet; counted once.
      CHECK(run.dump.rows("Matrix") == 2);
      CHECK(run.dump.value("Matrix", 2, sf1500_column) == "Nej");
      CHECK(run.dump.value("Matrix", 2, 2).ends_with(" (konflikt)"));
      CHECK(run.dump.value("Grænseflader", 16, 7) == "1");
      int row = excluded_row(run.dump, second);
      REQUIRE(row != 0);
      CHECK(run.dump.value("Udeladte filer", row, 2) == "conflict");
      bool noted = false;
      for (int input = 2; input <= run.dump.rows("Input"); ++input) {
        if (run.dump.value("Input", input, 1) == first) {
          noted = run.dump.value("Input", input, 9).find("Konflikt") != std::string::npos &&
                  run.dump.value("Input", input, 9).find(second) != std::string::npos;
        }
      }
      CHECK(noted);
      CHECK(run.html.find("class=\"conflict\"") != std::string::npos);
    }
  }

  TEST_CASE("one criterion's reason alone makes two klarmeldinger of the same time differ") {
    // The overviews are equal; only the documentation sheet's reason differs. Duplicate or conflict is
    // decided the same with and without the HTML (which alone reads the criteria one by one).
    std::string dir = testing::fresh_dir("reason");
    const crypto::Identity& vendor = pki().vendor_system;
    std::string first = dir + "/r1.xlsx";
    std::string second = dir + "/r2.xlsx";
    engine::Assessment assessment = submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Ja);
    testing::write_workbook(assessment, first, &vendor);
    REQUIRE_FALSE(assessment.interfaces.front().criteria.empty());
    assessment.interfaces.front().criteria.front().reason += " (set igen)";
    testing::write_workbook(assessment, second, &vendor);

    for (bool with_html : {true, false}) {
      CAPTURE(with_html);
      Run run = aggregate({first, second}, dir, "overview-" + std::to_string(with_html), 1, with_html);
      CHECK(run.result.tally.accepted() == 1);
      CHECK(run.result.tally.conflicts() == 1);
      CHECK_FALSE(run.result.clean());
    }
    // The same file twice is one klarmelding, with and without the HTML.
    std::string copy = dir + "/r3.xlsx";
    std::filesystem::copy_file(second, copy);
    for (bool with_html : {true, false}) {
      CAPTURE(with_html);
      Run run = aggregate({second, copy}, dir, "copy-" + std::to_string(with_html), 1, with_html);
      CHECK(run.result.tally.accepted() == 1);
      CHECK(run.result.tally.conflicts() == 0);
      CHECK(run.result.clean());
    }
  }

  TEST_CASE("a file whose criteria cannot be read counts by its overview, with or without the HTML") {
    // Signed as it is: a damaged documentation sheet that its signer's signature covers.
    std::string dir = testing::fresh_dir("criteria-unreadable");
    std::string path = dir + "/skadet.xlsx";
    testing::write_workbook(submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Ja), path, nullptr);
    auto written = report::read_readiness_workbook(path);
    REQUIRE(written);
    testing::edit_part(path, written->documentation_part, "<sheetData>", "<sheetData><<");
    REQUIRE(sign::sign_file(path, pki().vendor_system, sign::SignOptions{}));

    for (bool with_html : {true, false}) {
      CAPTURE(with_html);
      Run run = aggregate({path}, dir, "overview-" + std::to_string(with_html), 1, with_html);
      CHECK(run.result.tally.accepted() == 1);
      CHECK(run.result.clean());
      CHECK(run.dump.value("Matrix", 2, sf1500_column) == "Ja");
      std::string note = run.dump.value("Input", 2, 9);
      if (with_html) {
        // Only the HTML reads the criteria; it and the Input sheet say they are missing, and where.
        CHECK(note.find("Kriterierne kunne ikke læses: ") == 0);
        CHECK(note.find(written->documentation_part) != std::string::npos);
        CHECK(run.html.find("title=\"Kriterierne kunne ikke læses: ") != std::string::npos);
        REQUIRE(run.result.criteria_unreadable.size() == 1);
        CHECK(run.result.criteria_unreadable[0].find(path + ": Kriterierne kunne ikke læses: ") == 0);
      } else {
        CHECK(note.empty());
        CHECK(run.result.criteria_unreadable.empty());
      }
    }
  }

  TEST_CASE("an identical copy is a duplicate; a countersigned copy is preferred") {
    std::string dir = testing::fresh_dir("duplicate");
    const crypto::Identity& vendor = pki().vendor_system;
    std::string original = dir + "/a-leverandoer.xlsx";
    std::string countersigned = dir + "/b-kommune.xlsx";
    engine::Assessment assessment = submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Ja);
    testing::write_workbook(assessment, original, &vendor);
    testing::write_workbook(assessment, countersigned, &vendor);
    REQUIRE(sign::sign_file(countersigned, pki().municipality, sign::SignOptions{}));

    Run run = aggregate({original, countersigned}, dir, "overview");
    CHECK(run.result.tally.accepted() == 1);
    CHECK(run.result.tally.replaced() == 1);
    CHECK(run.result.clean());
    const ExcludedFile* copy = excluded(run.result, original);
    REQUIRE(copy != nullptr);
    CHECK(copy->code == "duplicate");
    CHECK(copy->reason.find("Samme klarmelding (samme tidspunkt og indhold) som " + countersigned) == 0);
    CHECK(run.result.conflicts.empty());
  }

  TEST_CASE("counts: each (vendor, system, municipality) once; other municipalities and vendors stay apart") {
    std::string dir = testing::fresh_dir("counts");
    const crypto::Identity& vendor = pki().vendor_system;
    std::vector<std::string> files;
    auto add = [&](const std::string& name, const engine::Assessment& assessment) {
      files.push_back(dir + "/" + name);
      testing::write_workbook(assessment, files.back(), &vendor);
    };
    add("v1-aarhus-old.xlsx", submission(0, 1, "2026-10-01T10:05:00Z", Verdict::Nej));
    add("v1-aarhus-new.xlsx", submission(0, 1, "2026-11-01T10:05:00Z", Verdict::Ja));
    add("v1-aarhus-newest.xlsx", submission(0, 1, "2026-11-02T08:00:00Z", Verdict::Ja));
    add("v1-odense.xlsx", submission(460, 1, "2026-10-01T10:05:00Z", Verdict::Nej)); // index 460: Odense
    add("v2-aarhus.xlsx", submission(0, 2, "2026-10-01T10:05:00Z", Verdict::Nej));   // another CVR
    engine::Assessment no_time = submission(0, 2, "", Verdict::Ja);
    no_time.started_at.clear();
    add("v2-aarhus-no-time.xlsx", no_time); // no usable time: older than any file with one

    Run run = aggregate(files, dir, "overview", 2);
    CHECK(run.result.tally.accepted() == 3);
    CHECK(run.result.tally.replaced() == 3);
    CHECK(run.result.clean());
    CHECK(run.dump.rows("Matrix") == 4);
    CHECK(run.dump.value("Grænseflader", 16, 3) == "1"); // SF1500 Ja: v1-aarhus-newest
    CHECK(run.dump.value("Grænseflader", 16, 4) == "2"); // Nej: v1-odense, v2-aarhus
    CHECK(run.dump.value("Grænseflader", 16, 7) == "3");
    CHECK(count_of(run.html, "<td class=\"cell ") == 3 * catalog().order.size());
    for (const char* name : {"v1-aarhus-old.xlsx", "v1-aarhus-new.xlsx"}) {
      const ExcludedFile* file = excluded(run.result, dir + "/" + name);
      REQUIRE(file != nullptr);
      CHECK(file->reason.find(dir + "/v1-aarhus-newest.xlsx (2026-11-02T08:00:00Z)") != std::string::npos);
    }
    const ExcludedFile* untimed = excluded(run.result, dir + "/v2-aarhus-no-time.xlsx");
    REQUIRE(untimed != nullptr);
    CHECK(untimed->reason.ends_with("denne fil er fra uden tidspunkt"));
  }

  TEST_CASE("DuplicateResolver: the newest wins in every order; ties by signatures, then name") {
    auto file = [](const std::string& path, const char* time, const std::string& digest, size_t signatures) {
      InspectedFile made;
      made.path = path;
      made.accepted = true;
      made.signature_count = signatures;
      made.identity.key = "k";
      made.identity.assessed_at_text = time;
      made.identity.assessed_at = Clock::from_time_t(std::atoi(time));
      made.identity.content_sha256 = digest;
      return made;
    };
    std::vector<InspectedFile> files{file("/x/c", "300", "d1", 1), file("/y/b", "100", "d2", 1),
                                     file("/x/a", "300", "d3", 1), file("/z/d", "300", "d1", 2)};
    std::vector<size_t> order{0, 1, 2, 3};
    do {
      DuplicateResolver resolver;
      for (size_t index : order) {
        resolver.observe(index, files[index]);
      }
      CHECK(resolver.decide(3, files[3]).counted); // most signatures at the newest time
      CHECK(resolver.decide(1, files[1]).code == "superseded");
      CHECK(resolver.decide(0, files[0]).code == "duplicate"); // same content as /z/d
      CHECK(resolver.decide(2, files[2]).code == "conflict");
      CHECK(resolver.decide(3, files[3]).note.find("/x/a") != std::string::npos);
    } while (std::next_permutation(order.begin(), order.end()));
  }

  TEST_CASE("RowSpool gives back every field, in order") {
    auto spool = RowSpool::create();
    REQUIRE(spool);
    InspectedFile file;
    file.path = "a.xlsx";
    file.accepted = true;
    file.vendor = "Leverandør";
    file.signature_count = 2;
    file.identity.key = "cvr:1|s|kode:751";
    file.identity.assessed_at = Clock::from_time_t(1'790'000'000);
    file.conflict_note = "note";
    file.cells.resize(2);
    file.cells[1].klarmeldt = Verdict::IkkeRelevant;
    file.cells[1].present = true;
    file.cells[1].criteria.push_back(CriterionCell{"SF1.1", Verdict::Nej, "grund"});
    file.unknown_interfaces = {"SF9999"};
    InspectedFile second;
    second.path = "b.xlsx";
    REQUIRE(spool->append(file));
    REQUIRE(spool->append(second));
    REQUIRE(spool->rewind());
    auto back = spool->next();
    REQUIRE(back);
    CHECK(back->path == "a.xlsx");
    CHECK(back->accepted);
    CHECK(back->vendor == "Leverandør");
    CHECK(back->signature_count == 2);
    CHECK(back->identity.key == file.identity.key);
    CHECK(back->identity.assessed_at == file.identity.assessed_at);
    CHECK(back->conflict_note == "note");
    REQUIRE(back->cells.size() == 2);
    CHECK(back->cells[1].klarmeldt == Verdict::IkkeRelevant);
    CHECK(back->cells[1].present);
    REQUIRE(back->cells[1].criteria.size() == 1);
    CHECK(back->cells[1].criteria[0].reason == "grund");
    CHECK(back->unknown_interfaces == std::vector<std::string>{"SF9999"});
    auto next = spool->next();
    REQUIRE(next);
    CHECK(next->path == "b.xlsx");
    CHECK_FALSE(next->identity.assessed_at);
    CHECK_FALSE(spool->next()); // past the end: an error, never garbage
  }

  TEST_CASE("normalise_name folds case, Danish letters and whitespace") {
    CHECK(normalise_name("  LEVERANDØR 01   A/S ") == "leverandør 01 a/s");
    CHECK(normalise_name("ÆBLE Å") == "æble å");
    CHECK(normalise_name("a\t\nb") == "a b");
  }

  TEST_CASE("the content digest: every field, each ended by U+001F, in a fixed order") {
    // Pinned so a faster way of digesting keeps the same digest (the overview shows none, but two runs
    // must agree on which files are identical copies). The criteria count by their signed parts'
    // digests, whatever was read of them.
    report::WorkbookSummary content;
    content.vendor_name = "Leverandør";
    content.vendor_cvr = "CVR 10000009";
    content.system_name = "System A";
    content.system_version = "1.0";
    content.municipality_name = "København";
    content.municipality_code = 101;
    content.catalog_identity = "kombit";
    content.catalog_version = "2026.1";
    content.catalog_sha256 = "c";
    content.profile_sha256 = "p";
    content.tool_identity = "klarmeld";
    content.started_at = "2026-12-04T10:00:00Z";
    content.finished_at = "2026-12-04T10:05:00Z";
    report::WorkbookInterface interface;
    interface.id = "SF1500";
    interface.name = "n";
    interface.declaration = "Anvendes";
    interface.klarmeldt = Verdict::Ja;
    content.interfaces.push_back(interface);
    report::WorkbookCriterion criterion;
    criterion.id = "SF1500.1";
    criterion.interface_id = "SF1500";
    criterion.verdict = Verdict::Nej;
    criterion.method = "not digested"; // nor is any criterion read from the sheet: their parts are
    criterion.reason = "r";
    criterion.decided_at = "2026-12-04T10:01:00Z";
    content.criteria.push_back(criterion);
    const std::string s = "\x1f";
    std::string expected = "Leverandør" + s + "CVR 10000009" + s + "System A" + s + "1.0" + s + "København" + s +
                           "kombit" + s + "2026.1" + s + "c" + s + "p" + s + "klarmeld" + s + "2026-12-04T10:00:00Z" +
                           s + "2026-12-04T10:05:00Z" + s + s + "101-" + s + "SF1500" + s + "Anvendes" + s +
                           std::string(to_key(Verdict::Ja)) + s + "dd ss " + s;
    CHECK(identify_submission(content, "dd ss ").content_sha256 == sha256_hex(expected));
    CHECK(identify_submission(content, "dd st ").content_sha256 != sha256_hex(expected));
  }

  TEST_CASE("a newer partial run never replaces a complete klarmelding; it is listed on its own") {
    std::string dir = testing::fresh_dir("incomplete");
    const crypto::Identity& vendor = pki().vendor_system;
    std::string complete = dir + "/a-fuld.xlsx";
    std::string partial = dir + "/b-delvis.xlsx";
    testing::write_workbook(submission(0, 1, "2026-10-01T10:05:00Z", Verdict::Ja), complete, &vendor);
    engine::Assessment newer = submission(0, 1, "2026-11-01T10:05:00Z", Verdict::IkkeTestet);
    newer.run_state = engine::RunState::Partial;
    newer.incomplete = true;
    newer.incomplete_reason = "only part of the catalog was selected (--only)";
    testing::write_workbook(newer, partial, &vendor);

    for (const auto& order : {std::vector{partial, complete}, std::vector{complete, partial}}) {
      CAPTURE(order.front());
      Run run = aggregate(order, dir, "overview-" + std::to_string(order.front() == partial));
      CHECK(run.result.tally.accepted() == 1);
      CHECK(run.result.tally.incomplete() == 1);
      CHECK(run.result.clean());
      CHECK(excluded(run.result, partial) == nullptr);
      REQUIRE(run.result.incomplete.size() == 1);
      CHECK(run.result.incomplete.front().path == partial);
      CHECK(run.result.incomplete.front().reason.find(complete) != std::string::npos);
      CHECK(run.dump.value("Matrix", 2, sf1500_column) == "Ja"); // the complete one's answers
    }
    // Alone, the partial run is what there is: it counts.
    Run alone = aggregate({partial}, dir, "overview-alone");
    CHECK(alone.result.tally.accepted() == 1);
    CHECK(alone.result.incomplete.empty());
  }
}

} // namespace klarmeld::taskforce
