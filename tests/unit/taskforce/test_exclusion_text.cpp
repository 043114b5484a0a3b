// Why a file is excluded, in Danish (taskforce/exclusion_text.hpp, issue #19): every code the verifier
// and the workbook reader can give has a Danish sentence — checked against their sources at test time,
// so a new code in sign/ or report/ fails here until it has one — and the reasons read back from the
// overview workbook (openpyxl) and the HTML are those sentences, with English only as marked detail.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "bench/synthetic_assessment.hpp"
#include "sign/cades.hpp"
#include "sign/detached_signatures.hpp"
#include "sign/opc_signer.hpp"
#include "sign/package.hpp"
#include "taskforce/aggregate.hpp"
#include "taskforce/exclusion_text.hpp"
#include "taskforce/input_files.hpp"
#include "taskforce_support.hpp"
#include "util/files.hpp"
#include "util/markup_escape.hpp"
#include "util/time.hpp"

namespace klarmeld::taskforce {
namespace {

using testing::catalog;
using testing::pki;

std::string exclusion_source_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every C++ source of one layer, joined.
std::string exclusion_layer_sources(const std::string& layer) {
  std::string text;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KLARMELD_SOURCE_DIR) + "/" + layer)) {
    if (entry.path().extension() == ".cpp" || entry.path().extension() == ".hpp") {
      text += exclusion_source_text(entry.path());
    }
  }
  return text;
}

std::set<std::string> exclusion_matches(const std::string& text, const std::regex& pattern) {
  std::set<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
    found.insert((*it)[1].str());
  }
  return found;
}

// The codes a layer's sources give (`pattern`'s first group, at least `at_least` of them, so the scan
// itself still finds them) and the codes with a Danish sentence must be the same set.
void check_same_codes(const std::string& layer, const std::regex& pattern, std::size_t at_least,
                      const std::vector<std::string_view>& codes_with_text) {
  std::set<std::string> in_sources = exclusion_matches(exclusion_layer_sources(layer), pattern);
  REQUIRE(in_sources.size() >= at_least);
  std::set<std::string> with_text(codes_with_text.begin(), codes_with_text.end());
  for (const std::string& code : in_sources) {
    CHECK_MESSAGE(with_text.contains(code),
                  (code + " (" + layer + "/) has no Danish sentence in taskforce/exclusion_text.cpp"));
  }
  for (const std::string& code : with_text) {
    CHECK_MESSAGE(in_sources.contains(code), (code + " is no longer a code in " + layer + "/"));
  }
}

// A signed workbook (the caller then breaks it).
std::string exclusion_signed_workbook(const std::string& dir, const std::string& name, int seed,
                                      const crypto::Identity& signer) {
  std::string path = dir + "/" + name + ".xlsx";
  engine::Assessment assessment = bench::synthetic_assessment(catalog(), seed);
  assessment.vendor_cvr = testing::cvr_number(seed);
  bench::set_interface_verdict(assessment, "SF1500", Verdict::Nej);
  testing::write_workbook(assessment, path, &signer);
  return path;
}

struct ExclusionBrokenFolder {
  std::string dir;
  std::string xlsx;
  std::string html;
  AggregateResult result;
};

// One file per way to fail, in name order; exclusion_expected_reasons() says how the taskforce reads each.
const ExclusionBrokenFolder& exclusion_broken_folder() {
  static const ExclusionBrokenFolder folder = [] {
    ExclusionBrokenFolder made;
    made.dir = testing::fresh_dir("exclusion-text");
    std::string inputs = made.dir + "/inputs";
    std::filesystem::create_directories(inputs);
    const crypto::Identity& vendor = pki().vendor_system;
    // a: a part changed after signing (and the .p7s removed, so the package signature speaks first).
    std::string tampered = exclusion_signed_workbook(inputs, "a-tampered", 11, vendor);
    testing::edit_part(tampered, "xl/sharedStrings.xml", "Nej", "Ja!");
    std::filesystem::remove(sign::cades_path(tampered));
    // b: the .p7s beside an intact workbook is empty.
    std::string empty_p7s = exclusion_signed_workbook(inputs, "b-empty-p7s", 12, vendor);
    REQUIRE(write_file_atomically(sign::cades_path(empty_p7s), ""));
    // c: the .p7s is garbled.
    std::string garbled = exclusion_signed_workbook(inputs, "c-garbled-p7s", 13, vendor);
    REQUIRE(write_file_atomically(sign::cades_path(garbled), "garbage, not DER"));
    // d: signed by a certificate from another root.
    exclusion_signed_workbook(inputs, "d-untrusted", 14, pki().vendor_untrusted);
    // e: validly signed, but the overview sheet is not XML.
    std::string malformed = inputs + "/e-malformed-sheet.xlsx";
    testing::write_workbook(bench::synthetic_assessment(catalog(), 15), malformed, nullptr);
    testing::edit_part(malformed, "xl/worksheets/sheet1.xml", "<sheetData>", "<sheetData><<");
    REQUIRE(sign::sign_file(malformed, vendor, sign::SignOptions{}));
    // f: a signed part removed.
    std::string missing = exclusion_signed_workbook(inputs, "f-missing-part", 16, vendor);
    {
      auto package = sign::read_package(missing);
      REQUIRE(package);
      package->remove("xl/styles.xml");
      REQUIRE(sign::write_package(missing, *package));
      std::filesystem::remove(sign::cades_path(missing));
    }
    // g: signed with an expired certificate.
    exclusion_signed_workbook(inputs, "g-expired", 17, pki().vendor_expired);
    // h: a garbled countersignature beside an intact, trusted workbook.
    std::string countersigned = exclusion_signed_workbook(inputs, "h-garbled-countersign", 18, vendor);
    REQUIRE(write_file_atomically(sign::countersign_path(countersigned), "garbage"));
    // i: an intact .p7s by a signer from another root beside a trusted package signature.
    std::string other_p7s = exclusion_signed_workbook(inputs, "i-untrusted-p7s", 19, vendor);
    auto bytes = read_file(other_p7s);
    REQUIRE(bytes);
    auto p7s = sign::create_detached_cades(*bytes, pki().vendor_untrusted);
    REQUIRE(p7s);
    REQUIRE(write_file_atomically(sign::cades_path(other_p7s), *p7s));

    auto anchors = testing::trust_anchors();
    made.xlsx = made.dir + "/overview.xlsx";
    made.html = made.dir + "/overview.html";
    AggregateOptions options = testing::aggregate_options(inputs, anchors, made.xlsx);
    options.html_path = made.html;
    auto result = run_aggregate(options);
    REQUIRE(result);
    made.result = std::move(*result);
    return made;
  }();
  return folder;
}

struct ExpectedExclusion {
  std::string file;
  std::string code;
  std::string reason; // the whole reason, or its beginning when `beginning`
  bool beginning = false;
};

std::vector<ExpectedExclusion> exclusion_expected_reasons() {
  return {
      {"a-tampered.xlsx", "invalid", "Ugyldig signatur: delen /xl/sharedStrings.xml er ændret efter signering"},
      {"b-empty-p7s.xlsx", "invalid",
       "Ugyldig signatur: signaturfilen b-empty-p7s.xlsx.p7s er ikke en gyldig signatur (CMS) (teknisk detalje: ",
       true},
      {"c-garbled-p7s.xlsx", "invalid",
       "Ugyldig signatur: signaturfilen c-garbled-p7s.xlsx.p7s er ikke en gyldig signatur (CMS) (teknisk detalje: ",
       true},
      {"d-untrusted.xlsx", "untrusted",
       "Signatur ikke betroet: underskriverens certifikat er ikke udstedt under de betroede certifikater (--trust) "
       "(teknisk detalje: ",
       true},
      {"e-malformed-sheet.xlsx", "unreadable",
       "Ikke et klarmeldingsregneark: delen /xl/worksheets/sheet1.xml er ikke gyldig XML (teknisk detalje: malformed "
       "XML at byte ",
       true},
      {"f-missing-part.xlsx", "invalid",
       "Ugyldig signatur: den signerede del /xl/styles.xml mangler i pakken (fjernet efter signering?)"},
      {"g-expired.xlsx", "invalid",
       "Ugyldig signatur: underskriverens certifikat var udløbet, da der blev signeret (gyldigt til ", true},
      {"h-garbled-countersign.xlsx", "invalid",
       "Ugyldig signatur: medsignaturen h-garbled-countersign.xlsx.countersign.p7s er ikke en gyldig signatur (CMS) "
       "(teknisk detalje: ",
       true},
      {"i-untrusted-p7s.xlsx", "untrusted",
       "Signatur ikke betroet: certifikatet bag signaturfilen i-untrusted-p7s.xlsx.p7s er ikke udstedt under de "
       "betroede certifikater (--trust) (teknisk detalje: ",
       true},
  };
}

void exclusion_check_reason(const std::string& actual, const ExpectedExclusion& expected) {
  CAPTURE(expected.file);
  CAPTURE(actual);
  if (expected.beginning) {
    CHECK(actual.starts_with(expected.reason));
  } else {
    CHECK(actual == expected.reason);
  }
}

} // namespace

TEST_SUITE("taskforce::exclusion_text") {
  TEST_CASE("every problem code in sign/ has a Danish sentence, and every sentence a code in sign/") {
    // problem("part.modified", …) in signature_verifier.cpp; {"package.unsigned", …} in verifier.cpp.
    check_same_codes(
        "sign",
        std::regex(
            R"re((?:problem\(|push_back\(\s*\{)"((?:package|part|signature|certificate|relationship)\.[a-z-]+)")re"),
        20, problem_codes_with_text());
  }

  TEST_CASE("every workbook reader code in report/ has a Danish sentence") {
    check_same_codes("report", std::regex(R"re(input_error\("(workbook\.[a-z-]+)")re"), 8, reader_codes_with_text());
  }

  TEST_CASE("every .p7s and trust problem code in sign/ has a Danish sentence") {
    // cades_finding("cades.malformed", …) in sign/cades.cpp; `.code = "trust.no-chain"` in signer_certificate.cpp.
    check_same_codes("sign", std::regex(R"re((?:cades_finding\(|code = )"((?:cades|trust)\.[a-z-]+)")re"), 7,
                     detached_and_trust_codes_with_text());
  }

  TEST_CASE("a known code: a Danish sentence with its part; the verifier's own English left out") {
    CHECK(danish_problem({"part.modified", "/xl/worksheets/sheet1.xml",
                          "the content was changed after signing (digest mismatch)"}) ==
          "delen /xl/worksheets/sheet1.xml er ændret efter signering");
    CHECK(
        danish_problem({"signature.malformed", "/_xmlsignatures/sig1.xml", "Premature end of data"}) ==
        "signaturen /_xmlsignatures/sig1.xml er ikke en gyldig XML-signatur (teknisk detalje: Premature end of data)");
  }

  TEST_CASE("certificate times are named in Danish from the signature's dates") {
    sign::SignatureReport signature;
    signature.signing_time = parse_xml_datetime("2026-03-01T10:00:00Z").value();
    signature.certificate_not_after = parse_xml_datetime("2026-01-31T23:59:59Z").value();
    CHECK(danish_problem({"certificate.expired", "/_xmlsignatures/sig1.xml", "valid until …"}, &signature) ==
          "underskriverens certifikat var udløbet, da der blev signeret (gyldigt til 2026-01-31T23:59:59Z, signeret "
          "2026-03-01T10:00:00Z)");
  }

  TEST_CASE("an unknown code: a generic Danish sentence, the English as marked detail, never empty") {
    CHECK(danish_problem({"signature.something-new", "/_xmlsignatures/sig1.xml", "a new check failed"}) ==
          "en kontrol af signaturen fejlede (/_xmlsignatures/sig1.xml) (teknisk detalje: a new check failed)");
    CHECK(danish_reader_error(input_error("workbook.something-new", "f.xlsx: odd"), "f.xlsx") ==
          "regnearket kan ikke læses som klarmeldingsregneark (teknisk detalje: odd)");
  }

  TEST_CASE("a reader error names the part or sheet it is about, without the file's path") {
    CHECK(
        danish_reader_error(input_error("workbook.xml", "d/f.xlsx:xl/worksheets/sheet1.xml: malformed XML at byte "
                                                        "12: Error parsing start element tag"),
                            "d/f.xlsx") ==
        "delen /xl/worksheets/sheet1.xml er ikke gyldig XML (teknisk detalje: malformed XML at byte 12: Error parsing "
        "start element tag)");
    CHECK(danish_reader_error(input_error("workbook.layout", "d/f.xlsx:Oversigt: no 'Leverandør' header block"),
                              "d/f.xlsx") ==
          "arket 'Oversigt' er ikke opbygget som i et klarmeldingsregneark (teknisk detalje: no 'Leverandør' header "
          "block)");
    CHECK(danish_reader_error(input_error("workbook.missing-part", "d/f.xlsx: part 'xl/workbook.xml' is missing"),
                              "d/f.xlsx") == "delen /xl/workbook.xml mangler i regnearket");
  }

  TEST_CASE("broken files: the same Danish reason in the result, the overview workbook and the HTML") {
    const ExclusionBrokenFolder& folder = exclusion_broken_folder();
    std::vector<ExpectedExclusion> expected = exclusion_expected_reasons();
    REQUIRE(folder.result.excluded.size() == expected.size());
    testing::CellDump dump = testing::dump_with_openpyxl(folder.xlsx);
    REQUIRE(dump.rows("Udeladte filer") == static_cast<int>(expected.size()) + 1);
    std::string html = *read_file(folder.html);
    for (size_t i = 0; i < expected.size(); ++i) {
      const ExcludedFile& file = folder.result.excluded[i];
      int row = static_cast<int>(i) + 2;
      CHECK(file.path.ends_with(expected[i].file));
      CHECK(file.code == expected[i].code);
      exclusion_check_reason(file.reason, expected[i]);
      CHECK(dump.value("Udeladte filer", row, 1) == file.path);
      CHECK(dump.value("Udeladte filer", row, 2) == expected[i].code);
      CHECK(dump.value("Udeladte filer", row, 3) == file.reason);
      CHECK(html.find("<td>" + escape_html(file.reason) + "</td>") != std::string::npos);
    }
  }
}

} // namespace klarmeld::taskforce
