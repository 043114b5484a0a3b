#include <doctest/doctest.h>

#include "crypto/certificate_info.hpp"
#include "crypto/described_certificates.hpp"
#include "crypto/identity.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;

TEST_SUITE("crypto::describe_remembered") {
  TEST_CASE("each certificate's description is its own, the first time and from the memo") {
    crypto::Identity first = testing::make_identity("first");
    crypto::Identity second = testing::make_identity("second");
    for (const crypto::Identity* identity : {&first, &second, &first}) {
      X509* certificate = identity->certificate.get();
      crypto::CertificateInfo expected = crypto::describe(certificate);
      for (int again = 0; again < 2; ++again) {
        crypto::CertificateInfo remembered = crypto::describe_remembered(certificate);
        CHECK(remembered.subject == expected.subject);
        CHECK(remembered.issuer == expected.issuer);
        CHECK(remembered.sha256_fingerprint == expected.sha256_fingerprint);
        CHECK(remembered.serial_hex == expected.serial_hex);
        CHECK(remembered.not_after == expected.not_after);
      }
    }
    CHECK(crypto::describe_remembered(first.certificate.get()).subject !=
          crypto::describe_remembered(second.certificate.get()).subject);
  }
}
