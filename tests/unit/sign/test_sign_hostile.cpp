// Hostile signature parts: the verifier refuses them with a reason, never follows them.
#include <doctest/doctest.h>

#include "sign/opc_names.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

Package with_signature(const std::string& signature_xml) {
  static const Package signed_package_once = signed_package(pki().vendor_system);
  Package package = signed_package_once;
  package.put("_xmlsignatures/sig1.xml", signature_xml);
  return package;
}

std::string original_signature() {
  static const std::string xml = *signed_package(pki().vendor_system).find("_xmlsignatures/sig1.xml");
  return xml;
}

} // namespace

TEST_SUITE("sign::hostile signatures") {
  TEST_CASE("a DOCTYPE (entity expansion, external DTD) is refused") {
    std::string xml = original_signature();
    size_t root = xml.find("<Signature");
    xml.insert(root, "<!DOCTYPE Signature [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
    PackageReport report = verify(with_signature(xml), root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "signature.malformed", "/_xmlsignatures/sig1.xml"));
  }

  TEST_CASE("a duplicated Id (signature wrapping) is refused") {
    std::string xml = original_signature();
    xml.insert(xml.find("</Signature>"), "<Object Id=\"idPackageObject\"><Manifest/></Object>");
    PackageReport report = verify(with_signature(xml), root_anchor());
    INFO(describe(report));
    CHECK(has_problem(report, "signature.malformed", "/_xmlsignatures/sig1.xml"));
  }

  TEST_CASE("an XSLT transform in a Manifest reference is not executed") {
    std::string xml = original_signature();
    std::string anchor = "<Reference URI=\"/xl/styles.xml?";
    size_t at = xml.find(anchor);
    REQUIRE(at != std::string::npos);
    size_t digest = xml.find("<DigestMethod", at);
    xml.insert(digest, "<Transforms><Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\">"
                       "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"/>"
                       "</Transform></Transforms>");
    PackageReport report = verify(with_signature(xml), root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.unprocessable", "/xl/styles.xml"));
    // The Manifest itself changed, so core validation fails on the package object as well.
    CHECK(has_problem(report, "signature.reference-modified", "/_xmlsignatures/sig1.xml"));
  }

  TEST_CASE("a Manifest reference outside the package is reported missing, not read") {
    std::string xml = original_signature();
    std::string anchor = "<Reference URI=\"/xl/styles.xml?";
    size_t at = xml.find(anchor) + std::string("<Reference URI=\"").size();
    xml.replace(at, std::string("/xl/styles.xml").size(), "/../../etc/passwd");
    PackageReport report = verify(with_signature(xml), root_anchor());
    INFO(describe(report));
    CHECK(has_problem(report, "part.missing", "/../../etc/passwd"));
    CHECK(has_problem(report, "part.not-covered", "/xl/styles.xml"));
  }

  TEST_CASE("a Manifest URI in another case or with escapes names the same part") {
    // ECMA-376-2 §9.1.1.1.2 (part names compare case-insensitively) and RFC 3986 §2.1 (percent
    // escapes). The Manifest changed, so core validation fails; each reference still finds its part.
    for (const std::string& spelling : {std::string("/xl/STYLES.xml"), std::string("/xl/%73tyles.xml")}) {
      std::string xml = original_signature();
      size_t at = xml.find("<Reference URI=\"/xl/styles.xml?") + std::string("<Reference URI=\"").size();
      xml.replace(at, std::string("/xl/styles.xml").size(), spelling);
      PackageReport report = verify(with_signature(xml), root_anchor());
      INFO(spelling, " ", describe(report));
      CHECK(has_problem(report, "signature.reference-modified", "/_xmlsignatures/sig1.xml"));
      CHECK_FALSE(has_problem(report, "part.missing", spelling));
      CHECK_FALSE(has_problem(report, "part.not-covered", "/xl/styles.xml"));
      CHECK_FALSE(has_problem(report, "part.modified", spelling));
      CHECK_FALSE(has_problem(report, "part.unprocessable", spelling));
      CHECK(report.signatures.at(0).problems.size() == 1);
    }
  }

  TEST_CASE("a signature part that is not XML") {
    PackageReport report = verify(with_signature("not xml at all"), root_anchor());
    CHECK(has_problem(report, "signature.malformed", "/_xmlsignatures/sig1.xml"));
  }
}
