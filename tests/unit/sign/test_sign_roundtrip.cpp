#include <algorithm>

#include <doctest/doctest.h>

#include "sign/opc_names.hpp"
#include "sign/opc_signer.hpp"
#include "sign/verifier.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

TEST_SUITE("sign::round trip") {
  TEST_CASE("a signed workbook verifies as valid and trusted, with the signer described") {
    Package package = signed_package(pki().vendor_system);
    CHECK(package.find("_xmlsignatures/sig1.xml") != nullptr);
    CHECK(package.find("_xmlsignatures/origin.sigs") != nullptr);
    CHECK(package.find("_xmlsignatures/_rels/origin.sigs.rels") != nullptr);
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    REQUIRE(report.signatures.size() == 1);
    const SignatureReport& signature = report.signatures.front();
    CHECK(signature.valid);
    CHECK(signature.trusted);
    CHECK(report.valid());
    CHECK(report.trusted());
    CHECK(signature.signer_cvr == "12345674");
    CHECK(signature.signing_time.has_value());
    CHECK(signature.certificate_valid_at_signing_time);
    CHECK(signature.comment == "Klarmelding");
    // Every part but the signature plumbing is covered, the root relationships included.
    CHECK(std::find(signature.covered_parts.begin(), signature.covered_parts.end(), "/xl/workbook.xml") !=
          signature.covered_parts.end());
    CHECK(std::find(signature.covered_parts.begin(), signature.covered_parts.end(), "/_rels/.rels") !=
          signature.covered_parts.end());
  }
}
