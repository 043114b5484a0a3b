// The detached CAdES check decodes a .p7s's certificates once per process (sign/cms_certificates,
// sign/certificate_cache). What it decides must stay per file: each file's own certificates, its own
// signing time, its own bytes.
#include <doctest/doctest.h>

#include <openssl/cms.h>

#include <algorithm>

#include "crypto/identity.hpp"
#include "sign/cades.hpp"
#include "sign/cms_certificates.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

TEST_SUITE("sign::cms_certificates") {
  TEST_CASE("the certificates come out as carried, and the rest decodes without them") {
    std::string p7s = create_detached_cades(workbook_bytes(), pki().vendor_system).value();
    auto split = split_cms_certificates(p7s);
    REQUIRE(split.has_value());
    std::vector<std::string> expected{crypto::to_der(pki().vendor_system.certificate.get())};
    for (const crypto::X509Ptr& certificate : pki().vendor_system.chain) {
      expected.push_back(crypto::to_der(certificate.get()));
    }
    REQUIRE(split->certificates.size() == expected.size());
    for (const std::string& der : expected) {
      CHECK(std::find(split->certificates.begin(), split->certificates.end(), der) != split->certificates.end());
    }
    CHECK(split->der.size() < p7s.size());
    const auto* cursor = reinterpret_cast<const unsigned char*>(split->der.data());
    crypto::CmsPtr stripped(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(split->der.size())));
    REQUIRE(stripped);
    STACK_OF(X509)* left = CMS_get1_certs(stripped.get());
    CHECK(sk_X509_num(left) <= 0);
    sk_X509_pop_free(left, X509_free);
  }

  TEST_CASE("anything but a SignedData in DER is left to OpenSSL") {
    CHECK_FALSE(split_cms_certificates("not DER").has_value());
    std::string p7s = create_detached_cades(workbook_bytes(), pki().vendor_system).value();
    CHECK_FALSE(split_cms_certificates(p7s.substr(0, p7s.size() / 2)).has_value());
    CadesReport truncated = verify_detached_cades(workbook_bytes(), p7s.substr(0, p7s.size() / 2), root_anchor());
    CHECK_FALSE(truncated.valid);
    CHECK(truncated.problem.find("not a DER CMS signature") != std::string::npos);
  }

  TEST_CASE("signers one after another are each judged by their own certificates") {
    std::string content = workbook_bytes();
    for (int round = 0; round < 2; ++round) { // the second round finds every certificate decoded
      CadesReport vendor =
          verify_detached_cades(content, create_detached_cades(content, pki().vendor_system).value(), root_anchor());
      CHECK(vendor.valid);
      CHECK(vendor.trusted);
      CHECK(vendor.signer_cvr == "12345674");
      CadesReport municipality =
          verify_detached_cades(content, create_detached_cades(content, pki().municipality).value(), root_anchor());
      CHECK(municipality.valid);
      CHECK(municipality.trusted);
      CHECK(municipality.signer_subject != vendor.signer_subject);
      CadesReport untrusted =
          verify_detached_cades(content, create_detached_cades(content, pki().vendor_untrusted).value(), root_anchor());
      CHECK(untrusted.valid);
      CHECK_FALSE(untrusted.trusted);
      // Expired at its own signing time: the validity check runs per file, not once per certificate.
      CadesReport expired =
          verify_detached_cades(content, create_detached_cades(content, pki().vendor_expired).value(), root_anchor());
      CHECK_FALSE(expired.trusted);
    }
  }

  TEST_CASE("a changed byte in a carried certificate is not mistaken for the decoded one") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    REQUIRE(verify_detached_cades(content, p7s, root_anchor()).trusted); // decodes and keeps the certificate
    std::string signer = crypto::to_der(pki().vendor_system.certificate.get());
    std::size_t at = p7s.find(signer);
    REQUIRE(at != std::string::npos);
    p7s[at + signer.size() - 2] ^= 0x01; // inside the CA's signature over the certificate
    CadesReport report = verify_detached_cades(content, p7s, root_anchor());
    CHECK_FALSE(report.trusted);
  }
}
