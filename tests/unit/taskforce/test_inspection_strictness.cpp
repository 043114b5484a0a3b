// inspect_file reads the content from the parts signature verification already inflated (one inflate
// per part, issue 19). These pin that verification stayed exactly as strict on that path: a changed
// part, a broken SignatureValue, a wrong Manifest digest and a broken detached CAdES each still exclude
// the file as invalid, with the reason the check gives — and an intact file is read in full.
#include <doctest/doctest.h>

#include "bench/synthetic_assessment.hpp"
#include "sign/cades.hpp"
#include "sign/detached_signatures.hpp"
#include "sign/package.hpp"
#include "taskforce/file_inspection.hpp"
#include "taskforce_support.hpp"
#include "util/files.hpp"

namespace klarmeld::taskforce {
namespace {

using testing::catalog;
using testing::pki;

struct Signed {
  std::string path;
  engine::Assessment assessment;
};

Signed signed_workbook(const std::string& name) {
  Signed made{testing::fresh_dir("strictness-" + name) + "/" + name + ".xlsx",
              bench::synthetic_assessment(catalog(), 7)};
  made.assessment.vendor_cvr = testing::cvr_number(7);
  bench::set_interface_verdict(made.assessment, "SF1500", Verdict::Nej);
  testing::write_workbook(made.assessment, made.path, &pki().vendor_system);
  return made;
}

InspectedFile inspect(const std::string& path) {
  static const std::vector<crypto::X509Ptr> anchors = testing::trust_anchors();
  InspectionSettings settings;
  settings.trust_anchors = &anchors;
  settings.columns = {"SF1500", "SF0810"};
  return inspect_file(path, settings);
}

// A fresh, valid CAdES by the same signer over the edited bytes: only the package signature can object.
void re_sign_detached(const std::string& path) {
  auto bytes = read_file(path);
  REQUIRE(bytes);
  auto p7s = sign::create_detached_cades(*bytes, pki().vendor_system);
  REQUIRE(p7s);
  REQUIRE(write_file_atomically(sign::cades_path(path), *p7s));
}

// The first base64 character inside the first <tag>…</tag> after `after` in the signature part, flipped.
void flip_in_element(const std::string& path, const std::string& tag, const std::string& after = "") {
  auto package = sign::read_package(path);
  REQUIRE(package);
  std::string xml = *package->find("_xmlsignatures/sig1.xml");
  auto start = xml.find(after);
  REQUIRE(start != std::string::npos);
  auto open = xml.find("<" + tag, start);
  REQUIRE(open != std::string::npos);
  auto value = xml.find('>', open) + 1;
  xml[value] = xml[value] == 'A' ? 'B' : 'A';
  package->put("_xmlsignatures/sig1.xml", xml);
  REQUIRE(sign::write_package(path, *package));
  re_sign_detached(path);
}

// Excluded as invalid, with `words` (Danish, taskforce/exclusion_text.cpp) in the reason.
void check_invalid(const InspectedFile& file, const std::string& words) {
  CHECK_FALSE(file.accepted);
  CHECK(file.exclusion_code == "invalid");
  CHECK(file.exclusion_reason.find(words) != std::string::npos);
}

TEST_SUITE("taskforce") {
  TEST_CASE("inspect_file: an intact file is accepted and read from the verified parts") {
    Signed made = signed_workbook("intact");
    InspectedFile file = inspect(made.path);
    REQUIRE(file.accepted);
    CHECK(file.vendor == made.assessment.vendor_name);
    CHECK(file.vendor_cvr == testing::cvr_number(7));
    CHECK(file.municipality == made.assessment.municipality_name);
    REQUIRE(file.cells.size() == 2);
    CHECK(file.cells[0].present);
    CHECK(file.cells[0].klarmeldt == Verdict::Nej);
  }

  TEST_CASE("inspect_file: a part changed after signing is invalid, even with a fresh valid .p7s") {
    Signed made = signed_workbook("part");
    testing::edit_part(made.path, "xl/sharedStrings.xml", "Nej", "Ja!");
    re_sign_detached(made.path);
    InspectedFile file = inspect(made.path);
    check_invalid(file, "delen /xl/sharedStrings.xml er ændret efter signering");
    CHECK(file.vendor.empty()); // content no trusted signature covers is never read
  }

  TEST_CASE("inspect_file: a broken SignatureValue is invalid") {
    Signed made = signed_workbook("value");
    flip_in_element(made.path, "SignatureValue");
    check_invalid(inspect(made.path),
                  "signaturværdien i /_xmlsignatures/sig1.xml passer ikke med underskriverens nøgle");
  }

  TEST_CASE("inspect_file: a wrong Manifest digest is invalid") {
    Signed made = signed_workbook("digest");
    // The first DigestValue in the Manifest is a part's digest; the Manifest sits inside the signed
    // package object, so SignedInfo's reference to that object no longer matches.
    flip_in_element(made.path, "DigestValue", "Manifest");
    check_invalid(inspect(made.path),
                  "signaturens egne signerede oplysninger i /_xmlsignatures/sig1.xml er ændret efter signering");
  }

  TEST_CASE("inspect_file: a detached CAdES over other bytes is invalid") {
    Signed made = signed_workbook("cades");
    auto p7s = sign::create_detached_cades("other bytes", pki().vendor_system);
    REQUIRE(p7s);
    REQUIRE(write_file_atomically(sign::cades_path(made.path), *p7s));
    check_invalid(inspect(made.path), "signaturfilen cades.xlsx.p7s passer ikke til regnearket");
  }
}

} // namespace
} // namespace klarmeld::taskforce
