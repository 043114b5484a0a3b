// credentials.idp (issue #16): the IdP identity saml.sso and saml.slo sign with, read by the loader
// and opened by the pre-flight before any probe runs, each error at the profile line that caused it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "preflight_support.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;
using namespace klarmeld::profile;

namespace {

constexpr const char* password_variable = "KLARMELD_IDP_TEST_PASSWORD";

std::string idp_header() {
  return testing::profile_header() + "credentials:\n  idp:\n";
}

std::string key_pem(const crypto::Identity& identity) {
  crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), identity.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string pkcs12_der(const crypto::Identity& identity, const std::string& password) {
  crypto::Pkcs12Ptr p12(PKCS12_create(password.c_str(), "idp", identity.key.get(), identity.certificate.get(), nullptr,
                                      NID_aes_256_cbc, NID_aes_256_cbc, PKCS12_DEFAULT_ITER, PKCS12_DEFAULT_ITER, 0));
  REQUIRE(p12);
  int length = i2d_PKCS12(p12.get(), nullptr);
  std::string der(static_cast<size_t>(length), '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(der.data());
  i2d_PKCS12(p12.get(), &cursor);
  return der;
}

// Made once: RSA key generation is most of these tests' time.
const crypto::Identity& shared_identity(int which) {
  static const crypto::Identity idp = testing::make_identity("klarmeld test IdP");
  static const crypto::Identity other = testing::make_identity("another key");
  return which == 0 ? idp : other;
}

// One IdP identity and one other key, written as the files a vendor would name.
struct IdpFiles {
  testing::ScratchDirectory scratch;
  const crypto::Identity& idp = shared_identity(0);
  const crypto::Identity& other = shared_identity(1);
  std::string certificate = scratch.write("idp.pem", crypto::to_pem(idp.certificate.get()));
  std::string key = scratch.write("idp.key", key_pem(idp));
  std::string other_key = scratch.write("other.key", key_pem(other));
  std::string p12 = scratch.write("idp.p12", pkcs12_der(idp, "rigtigt-kodeord"));

  std::string profile(const std::string& idp_lines) const { return scratch.write("p.yaml", idp_header() + idp_lines); }
};

using testing::preflight_of;

// The one error, a credentials error (exit 3) at `line`.
void check_one_error(const PreflightReport& report, const std::string& code, int line) {
  REQUIRE(report.errors.size() == 1);
  const Error& error = report.errors.front();
  INFO(error.render());
  CHECK(error.code == code);
  CHECK(error.kind == ErrorKind::Runtime);
  REQUIRE(error.where);
  CHECK(error.where->line == line);
}

} // namespace

TEST_SUITE("profile::idp_identity") {
  TEST_CASE("credentials.idp names the entityID, the key and certificate, and where the password is") {
    IdpFiles files;
    auto profile = load_profile(files.profile("    entity_id: \"https://idp.example/ch\"\n"
                                              "    pkcs12: \"idp.p12\"\n"
                                              "    password_env: \"" +
                                              std::string(password_variable) + "\"\n"));
    REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? std::string() : profile.error().render()));
    const IdpIdentity& idp = profile->credentials.idp;
    CHECK(idp.entity_id == "https://idp.example/ch");
    CHECK(idp.pkcs12 == files.p12); // relative to the profile's folder
    CHECK(idp.password_env == password_variable);
    CHECK(idp.configured());
    CHECK(profile->key_where.at("credentials.idp.pkcs12").line == 8);
    CHECK_FALSE(
        load_profile(files.scratch.write("none.yaml", testing::profile_header()))->credentials.idp.configured());
  }

  TEST_CASE("the loader refuses an IdP identity given twice, half, or with a password in the profile") {
    IdpFiles files;
    auto error_of = [&](const std::string& lines) {
      auto profile = load_profile(files.profile(lines));
      REQUIRE_FALSE(profile.ok());
      return profile.error().render();
    };
    CHECK(error_of(
              "    pkcs12: \"idp.p12\"\n    password_env: \"X\"\n    certificate: \"idp.pem\"\n    key: \"idp.key\"\n")
              .find("give either 'pkcs12' or 'certificate' with 'key'") != std::string::npos);
    CHECK(error_of("    certificate: \"idp.pem\"\n").find("'certificate' needs 'key'") != std::string::npos);
    CHECK(error_of("    pkcs12: \"idp.p12\"\n").find(":7:") != std::string::npos); // no password source
    CHECK(error_of("    key: \"idp.key\"\n    certificate: \"idp.pem\"\n    password: \"hemmeligt\"\n")
              .find("never write a password in the profile") != std::string::npos);
  }

  TEST_CASE("a matching unencrypted PEM key and certificate pass the pre-flight") {
    IdpFiles files;
    CHECK(preflight_of(files.profile("    certificate: \"idp.pem\"\n    key: \"idp.key\"\n")).ok());
  }

  TEST_CASE("a key that is not the certificate's stops the run at the key's line") {
    IdpFiles files;
    check_one_error(preflight_of(files.profile("    certificate: \"idp.pem\"\n    key: \"other.key\"\n")),
                    "credentials.mismatch", 8);
  }

  TEST_CASE("an unreadable IdP file stops the run at its line") {
    IdpFiles files;
    check_one_error(preflight_of(files.profile("    certificate: \"idp.pem\"\n    key: \"missing.key\"\n")),
                    "credentials.unreadable", 8);
    check_one_error(preflight_of(files.profile("    key: \"idp.key\"\n    certificate: \"missing.pem\"\n")),
                    "credentials.unreadable", 8);
  }

  TEST_CASE("a wrong or missing PKCS#12 password stops the run at the line that names it") {
    IdpFiles files;
    const std::string lines = "    pkcs12: \"idp.p12\"\n    password_env: \"" + std::string(password_variable) + "\"\n";
    setenv(password_variable, "forkert-kodeord", 1);
    check_one_error(preflight_of(files.profile(lines)), "credentials.bad-password", 7);
    unsetenv(password_variable);
    check_one_error(preflight_of(files.profile(lines)), "credentials.password-missing", 8);
    setenv(password_variable, "rigtigt-kodeord", 1);
    CHECK(preflight_of(files.profile(lines)).ok());
    unsetenv(password_variable);
  }
}
