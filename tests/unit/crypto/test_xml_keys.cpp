// Certificates read from base64 (KeyInfo, BinarySecurityToken, UseKey): decoded once and remembered,
// with the same answers as a fresh decode.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/identity.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;

namespace {

// Line-wrapped as XML producers often write it.
std::string pem_wrapped(const std::string& base64) {
  std::string out;
  for (size_t at = 0; at < base64.size(); at += 64) {
    out += "\n  " + base64.substr(at, 64);
  }
  return out + "\n";
}

} // namespace

TEST_SUITE("crypto::xml::certificate_from_base64") {
  TEST_CASE("a remembered certificate is the same certificate, however the text is wrapped") {
    crypto::Identity identity = testing::make_identity("memo test");
    std::string base64 = crypto::to_base64_der(identity.certificate.get());
    auto first = crypto::xml::certificate_from_base64(base64, "first");
    auto again = crypto::xml::certificate_from_base64(base64, "again");
    auto wrapped_text = crypto::xml::certificate_from_base64(pem_wrapped(base64), "wrapped");
    REQUIRE(first.ok());
    REQUIRE(again.ok());
    REQUIRE(wrapped_text.ok());
    CHECK(X509_cmp(first->get(), identity.certificate.get()) == 0);
    CHECK(X509_cmp(again->get(), identity.certificate.get()) == 0);
    CHECK(X509_cmp(wrapped_text->get(), identity.certificate.get()) == 0);
    // Each answer owns its reference: freeing one leaves the others usable.
    first->reset();
    CHECK(X509_cmp(again->get(), identity.certificate.get()) == 0);
  }

  TEST_CASE("bad input is refused every time, with the origin named") {
    for (int round = 0; round < 2; ++round) {
      auto not_base64 = crypto::xml::certificate_from_base64("abc", "KeyInfo");
      REQUIRE_FALSE(not_base64.ok());
      CHECK(not_base64.error().message == "KeyInfo: certificate is not valid base64");
      auto not_certificate = crypto::xml::certificate_from_base64("AAAA", "UseKey");
      REQUIRE_FALSE(not_certificate.ok());
      CHECK(not_certificate.error().message == "UseKey: not a DER X.509 certificate");
    }
  }

  TEST_CASE("more distinct certificates than the memo holds still decode correctly") {
    // Distinct certificates over one key: a new serial number, signed again.
    crypto::Identity identity = testing::make_identity("memo flood");
    std::vector<crypto::X509Ptr> certificates;
    for (long serial = 1; serial <= 70; ++serial) {
      crypto::X509Ptr copy(X509_dup(identity.certificate.get()));
      REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(copy.get()), serial) == 1);
      REQUIRE(X509_sign(copy.get(), identity.key.get(), EVP_sha256()) > 0);
      certificates.push_back(std::move(copy));
    }
    for (int round = 0; round < 2; ++round) {
      for (const auto& certificate : certificates) {
        auto decoded = crypto::xml::certificate_from_base64(crypto::to_base64_der(certificate.get()), "flood");
        REQUIRE(decoded.ok());
        CHECK(X509_cmp(decoded->get(), certificate.get()) == 0);
      }
    }
  }
}
