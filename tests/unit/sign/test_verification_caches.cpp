// What aggregate's per-process caches may reuse and what they must not: a signer's chain is built
// once, but each file's signing time is still checked against every certificate of it; a Manifest
// reference xmlsec verified is remembered for those exact part bytes only.
#include <doctest/doctest.h>

#include "crypto/certificate_info.hpp"
#include "sign/opc_signer.hpp"
#include "sign/relationships.hpp"
#include "sign/signer_certificate.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

Package signed_at_time(TimePoint when) {
  Package package = workbook_package();
  SignOptions options;
  options.signing_time = when;
  REQUIRE(add_package_signature(package, pki().vendor_system, options).ok());
  return package;
}

std::vector<crypto::X509Ptr> vendor_chain_certificates() {
  std::vector<crypto::X509Ptr> certificates;
  X509_up_ref(pki().vendor_system.certificate.get());
  certificates.emplace_back(pki().vendor_system.certificate.get());
  for (const crypto::X509Ptr& certificate : pki().vendor_system.chain) {
    X509_up_ref(certificate.get());
    certificates.emplace_back(certificate.get());
  }
  return certificates;
}

} // namespace

TEST_SUITE("sign::verification caches") {
  TEST_CASE("the same signer's chain, checked again at another time, is judged at that time") {
    X509* signer = pki().vendor_system.certificate.get();
    crypto::CertificateInfo info = crypto::describe(signer);
    std::vector<crypto::X509Ptr> untrusted = vendor_chain_certificates();
    std::vector<crypto::X509Ptr> anchors = root_anchor();
    TimePoint inside = info.not_before + std::chrono::hours(1);
    CHECK(check_chain(signer, untrusted, anchors, inside).trusted); // now known to the cache
    ChainCheck before = check_chain(signer, untrusted, anchors, info.not_before - std::chrono::hours(24));
    CHECK_FALSE(before.trusted);
    CHECK(before.problem == "no chain to a given trust anchor: certificate is not yet valid");
    ChainCheck after = check_chain(signer, untrusted, anchors, info.not_after + std::chrono::hours(24));
    CHECK_FALSE(after.trusted);
    CHECK(after.problem == "no chain to a given trust anchor: certificate has expired");
    CHECK(check_chain(signer, untrusted, anchors, inside).trusted);
    CHECK(check_chain(signer, untrusted, unrelated_anchor(), inside).problem.starts_with("no chain"));
  }

  TEST_CASE("two files by one signer, one signed outside the certificate's validity, differ") {
    X509* signer = pki().vendor_system.certificate.get();
    crypto::CertificateInfo info = crypto::describe(signer);
    PackageReport valid = verify(signed_at_time(Clock::now()), root_anchor());
    INFO(describe(valid));
    CHECK(valid.trusted());
    PackageReport early = verify(signed_at_time(info.not_before - std::chrono::hours(48)), root_anchor());
    INFO(describe(early));
    CHECK_FALSE(early.valid());
    CHECK(has_problem(early, "certificate.not-yet-valid", "/_xmlsignatures/sig1.xml"));
    REQUIRE(early.signatures.size() == 1);
    CHECK(early.signatures[0].trust_problem == "no chain to a given trust anchor: certificate is not yet valid");
    CHECK(verify(signed_at_time(Clock::now() - std::chrono::minutes(1)), root_anchor()).trusted());
  }

  TEST_CASE("a relationships part changed after an intact one verified is still caught") {
    Package package = signed_at_time(Clock::now());
    CHECK(verify(package, root_anchor()).trusted()); // its two .rels references are now remembered
    auto relationships = parse_relationships(*package.find("xl/_rels/workbook.xml.rels"), "rels").value();
    REQUIRE_FALSE(relationships.empty());
    relationships.front().target = relationships.back().target;
    package.put("xl/_rels/workbook.xml.rels", serialize_relationships(relationships));
    PackageReport report = verify(package, root_anchor());
    INFO(describe(report));
    CHECK_FALSE(report.valid());
    CHECK(has_problem(report, "part.modified", "/xl/_rels/workbook.xml.rels"));
  }
}
