// The tamper matrix: every change to a signed package is detected and attributed to the right part.
#include <doctest/doctest.h>

#include "sign/content_types.hpp"
#include "sign/coverage.hpp"
#include "sign/opc_names.hpp"
#include "sign/opc_signer.hpp"
#include "sign/relationships.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

const Package& signed_once() {
  static const Package package = signed_package(pki().vendor_system);
  return package;
}

bool signature_problem_on(const PackageReport& report, const std::string& part) {
  for (const SignatureReport& signature : report.signatures) {
    for (const Problem& problem : signature.problems) {
      if (problem.part == part) {
        return true;
      }
    }
  }
  return false;
}

} // namespace

TEST_SUITE("sign::tamper matrix") {
  TEST_CASE("flipping one byte in any signed part invalidates the signature and names that part") {
    std::vector<std::string> parts = signable_parts(signed_once());
    REQUIRE(parts.size() >= 8);
    for (const std::string& name : parts) {
      CAPTURE(name);
      Package package = signed_once();
      std::string bytes = *package.find(name);
      REQUIRE(!bytes.empty());
      // Flip a bit in a letter of an element name or text: still well-formed XML, different content.
      size_t position = bytes.find_first_of("abcdefghijklmnopqrstuvwxyz", bytes.size() / 2);
      REQUIRE(position != std::string::npos);
      bytes[position] ^= 0x20; // lower → upper case
      package.put(name, bytes);
      PackageReport report = verify(package, root_anchor());
      INFO(describe(report));
      CHECK_FALSE(report.valid());
      CHECK(signature_problem_on(report, "/" + name));
    }
  }

  TEST_CASE("flipping a byte in the signature part itself is detected there") {
    Package package = signed_once();
    std::string signature = *package.find("_xmlsignatures/sig1.xml");
    size_t value = signature.find("<SignatureValue>") + 20;
    signature[value] = signature[value] == 'A' ? 'B' : 'A';
    package.put("_xmlsignatures/sig1.xml", signature);
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "signature.value-mismatch", "/_xmlsignatures/sig1.xml"));
  }

  TEST_CASE("a part added after signing is reported as not covered") {
    Package package = signed_once();
    package.put("xl/media/extra.png", "not really a png");
    ContentTypes types = ContentTypes::parse(*package.find(names::content_types_part), "ct").value();
    types.set_default("png", "image/png");
    package.put(names::content_types_part, types.serialize());
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.not-covered", "/xl/media/extra.png"));
  }

  TEST_CASE("a part dropped into _xmlsignatures/ is reported") {
    Package package = signed_once();
    package.put("_xmlsignatures/payload.bin", "x");
    PackageReport report = verify(package, root_anchor());
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.not-covered", "/_xmlsignatures/payload.bin"));
  }

  TEST_CASE("a removed part is reported as missing") {
    Package package = signed_once();
    REQUIRE(package.remove("xl/styles.xml"));
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.missing", "/xl/styles.xml"));
  }

  TEST_CASE("a changed relationship target is detected in its .rels part") {
    Package package = signed_once();
    auto relationships = parse_relationships(*package.find("xl/_rels/workbook.xml.rels"), "rels").value();
    for (Relationship& relationship : relationships) {
      if (relationship.target == "worksheets/sheet1.xml") {
        relationship.target = "worksheets/sheet2.xml";
      }
    }
    package.put("xl/_rels/workbook.xml.rels", serialize_relationships(relationships));
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.modified", "/xl/_rels/workbook.xml.rels"));
  }

  TEST_CASE("a relationship added after signing is reported as not covered") {
    Package package = signed_once();
    auto relationships = parse_relationships(*package.find("xl/_rels/workbook.xml.rels"), "rels").value();
    relationships.push_back({"rId99", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                             "https://example.invalid/", "External"});
    package.put("xl/_rels/workbook.xml.rels", serialize_relationships(relationships));
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "relationship.not-covered", "/xl/_rels/workbook.xml.rels"));
  }

  TEST_CASE("a changed content type is detected for its part") {
    Package package = signed_once();
    ContentTypes types = ContentTypes::parse(*package.find(names::content_types_part), "ct").value();
    types.set_override("/xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml");
    package.put(names::content_types_part, types.serialize());
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.content-type", "/xl/workbook.xml"));
  }

  TEST_CASE("a swapped signing certificate is detected through the XAdES digest") {
    Package package = signed_once();
    std::string signature = *package.find("_xmlsignatures/sig1.xml");
    std::string original = crypto::to_base64_der(pki().vendor_system.certificate.get());
    size_t at = signature.find(original);
    REQUIRE(at != std::string::npos);
    signature.replace(at, original.size(), crypto::to_base64_der(pki().vendor_untrusted.certificate.get()));
    package.put("_xmlsignatures/sig1.xml", signature);
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "certificate.digest-mismatch", "/_xmlsignatures/sig1.xml"));
  }

  TEST_CASE("sig1.xml replayed into another workbook fails on the parts that differ") {
    Package original = signed_once();
    Package other = workbook_package(1);
    for (const std::string& name : original.names()) {
      if (name.starts_with(names::signatures_folder) || name == names::content_types_part ||
          name == names::root_relationships_part) {
        other.put(name, *original.find(name));
      }
    }
    PackageReport report = verify(other, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.modified", "/xl/sharedStrings.xml"));
    CHECK(has_problem(report, "part.modified", "/xl/worksheets/sheet2.xml"));
    CHECK_FALSE(has_problem(report, "part.modified", "/xl/styles.xml"));
  }

  TEST_CASE("an unsigned package is not valid") {
    PackageReport report = verify(workbook_package(), root_anchor());
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "package.unsigned", ""));
  }
}

TEST_SUITE("sign::trust and time") {
  TEST_CASE("a wrong trust anchor leaves the signature valid but untrusted") {
    PackageReport report = verify(signed_once(), unrelated_anchor());
    INFO(describe(report));
    CHECK(report.valid());
    CHECK_FALSE(report.trusted());
    REQUIRE(report.signatures.size() == 1);
    CHECK(report.signatures[0].trust_problem.find("no chain") != std::string::npos);
  }

  TEST_CASE("no trust anchor at all means untrusted") {
    PackageReport report = verify(signed_once(), {});
    CHECK(report.valid());
    CHECK_FALSE(report.trusted());
  }

  TEST_CASE("an issuing CA given as the only anchor is enough") {
    std::vector<crypto::X509Ptr> anchors;
    X509_up_ref(pki().issuing_ca.certificate.get());
    anchors.emplace_back(pki().issuing_ca.certificate.get());
    CHECK(verify(signed_once(), anchors).trusted());
  }

  TEST_CASE("a certificate from an unrelated root is valid but untrusted against the real root") {
    PackageReport report = verify(signed_package(pki().vendor_untrusted), root_anchor());
    CHECK(report.valid());
    CHECK_FALSE(report.trusted());
  }

  TEST_CASE("an expired signer certificate makes the signature invalid") {
    PackageReport report = verify(signed_package(pki().vendor_expired), root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "certificate.expired", "/_xmlsignatures/sig1.xml"));
    CHECK_FALSE(report.signatures.at(0).certificate_valid_at_signing_time);
  }

  TEST_CASE("a not-yet-valid signer certificate makes the signature invalid") {
    PackageReport report = verify(signed_package(pki().tls_not_yet_valid), root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "certificate.not-yet-valid", "/_xmlsignatures/sig1.xml"));
  }
}

TEST_SUITE("sign::claimed time") {
  TEST_CASE("a signing time claimed in the future makes the signature invalid") {
    Package package = workbook_package();
    SignOptions options;
    options.signing_time = Clock::now() + std::chrono::hours(24 * 40);
    REQUIRE(add_package_signature(package, pki().tls_not_yet_valid, options).ok());
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "signature.future-time", "/_xmlsignatures/sig1.xml"));
  }

  TEST_CASE("a signature part whose content type was changed is reported") {
    Package package = signed_once();
    ContentTypes types = ContentTypes::parse(*package.find(names::content_types_part), "ct").value();
    types.set_override("/_xmlsignatures/sig1.xml", "application/xml");
    package.put(names::content_types_part, types.serialize());
    PackageReport report = verify(package, root_anchor());
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "signature.content-type", "/_xmlsignatures/sig1.xml"));
  }
}

TEST_SUITE("sign::countersignature") {
  TEST_CASE("a countersignature adds sig2.xml and leaves the first signature valid") {
    Package package = signed_once();
    auto outcome = add_package_signature(package, pki().municipality, SignOptions{.comment = "Kontrasigneret"});
    REQUIRE(outcome.ok());
    CHECK(outcome->countersignature);
    CHECK(outcome->signature_part == "_xmlsignatures/sig2.xml");
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    REQUIRE(report.signatures.size() == 2);
    CHECK(report.signatures[0].valid);
    CHECK(report.signatures[1].valid);
    CHECK(report.trusted());
    CHECK(report.signatures[0].signer_cvr == "12345674");
    CHECK(report.signatures[1].signer_cvr == "55133018");
    CHECK(report.signatures[1].comment == "Kontrasigneret");
    // Every signed part is byte-identical to before: only _xmlsignatures/ and [Content_Types].xml changed.
    for (const std::string& name : signable_parts(signed_once())) {
      CHECK(*package.find(name) == *signed_once().find(name));
    }
  }

  TEST_CASE("tampering after a countersignature invalidates both signatures") {
    Package package = signed_once();
    REQUIRE(add_package_signature(package, pki().municipality, SignOptions{}).ok());
    std::string sheet = *package.find("xl/worksheets/sheet2.xml");
    sheet.replace(sheet.find("42"), 2, "43");
    package.put("xl/worksheets/sheet2.xml", sheet);
    PackageReport report = verify(package, root_anchor());
    REQUIRE(report.signatures.size() == 2);
    CHECK_FALSE(report.signatures[0].valid);
    CHECK_FALSE(report.signatures[1].valid);
  }
}
