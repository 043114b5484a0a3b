#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <openssl/pkcs12.h>

#include "engine/run_check.hpp"
#include "engine/run_resources.hpp"
#include "engine_test_model.hpp"
#include "profile/loader.hpp"
#include "test_http_support.hpp"
#include "util/files.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;

namespace {

// A profile's credentials on disk, as a vendor would have them: PKCS#12 + password in the environment.
struct CredentialFiles {
  std::string dir;
  explicit CredentialFiles(const test::TestPki& pki) {
    char pattern[] = "/tmp/klarmeld-engine-XXXXXX";
    dir = mkdtemp(pattern);
    crypto::Pkcs12Ptr p12(PKCS12_create("hemmeligt-p12", "system", pki.client.key.get(), pki.client.certificate.get(),
                                        nullptr, 0, 0, 0, 0, 0));
    crypto::BioPtr bio(BIO_new_file((dir + "/system.p12").c_str(), "wb"));
    i2d_PKCS12_bio(bio.get(), p12.get());
    bio.reset();
    REQUIRE(write_file_atomically(dir + "/ca.pem", pki.ca_pem).ok());
    setenv("KLARMELD_ENGINE_TEST_P12", "hemmeligt-p12", 1);
  }
  ~CredentialFiles() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

} // namespace

TEST_SUITE("engine::run_check with real probes") {
  TEST_CASE("identity from PKCS#12, trust from the CA bundle, evidence saved without secrets") {
    test::TestPki pki = test::TestPki::generate();
    CredentialFiles files(pki);
    X509_STORE* client_cas = X509_STORE_new();
    X509_STORE_add_cert(client_cas, pki.ca.certificate.get());
    test::RunningServer<httplib::SSLServer> server(pki.server.certificate.get(), pki.server.key.get(), client_cas);
    server.server().Get("/saml/metadata", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">"
                           "<CPR>0101701234</CPR></md:EntityDescriptor>",
                           "application/xml");
    });
    int port = server.start();

    auto catalog =
        test::catalog_with({test::interface_with("SF1511", {test::probe_criterion("SF1511.1", 1, "tls"),
                                                            test::probe_criterion("SF1511.2", 2, "saml.metadata")})});
    auto profile = test::basic_profile();
    profile.file = files.dir + "/profile.yaml";
    profile.credentials.pkcs12 = files.dir + "/system.p12"; // as the loader resolves it
    profile.credentials.password_env = "KLARMELD_ENGINE_TEST_P12";
    profile.credentials.ca_bundle = files.dir + "/ca.pem";
    profile.environment.interfaces["SF1511"].url = test::local_url(port, "/saml/metadata", true);

    RunOptions options;
    options.evidence_dir = files.dir + "/evidence";
    Assessment assessment = run_check(catalog, profile, options);
    REQUIRE(assessment.interfaces.size() == 1);
    const auto& tls = assessment.interfaces[0].criteria[0];
    CHECK_MESSAGE(tls.verdict == Verdict::Ja, tls.reason); // mutual TLS worked: the identity was loaded
    const auto& metadata = assessment.interfaces[0].criteria[1];
    CHECK(metadata.verdict == Verdict::Nej); // fetched over mTLS, then judged
    CHECK(metadata.reason.find("no SPSSODescriptor") != std::string::npos);
    // entityID "x" lacks https://saml.: a warning only (no KOMBIT "must" found), carried beside the Nej.
    REQUIRE(metadata.warnings.size() == 1);
    CHECK(metadata.warnings[0].find("https://saml.") != std::string::npos);
    REQUIRE_FALSE(metadata.evidence_ref.empty());
    auto saved = read_file(metadata.evidence_ref);
    REQUIRE(saved.ok());
    CHECK(saved->find("EntityDescriptor") != std::string::npos);
    CHECK(saved->find("0101701234") == std::string::npos);
  }

  TEST_CASE("a profile given as a relative path with a folder finds its credentials once") {
    // `klarmeld check --profile vendor/profile.yaml`: the loader resolves the profile's relative
    // paths against vendor/; the run must open exactly those files, not vendor/vendor/….
    test::TestPki pki = test::TestPki::generate();
    CredentialFiles files(pki);
    std::filesystem::create_directories(files.dir + "/vendor");
    std::filesystem::rename(files.dir + "/system.p12", files.dir + "/vendor/system.p12");
    std::filesystem::rename(files.dir + "/ca.pem", files.dir + "/vendor/ca.pem");
    REQUIRE(write_file_atomically(files.dir + "/vendor/profile.yaml",
                                  R"(vendor: { name: "Eksempel Software A/S", cvr: "12345674" }
system: { name: "Sagsbehandler Pro", version: "4.2" }
pilot_municipality: { name: "aarhus kommune", code: 751, cvr: "55133018" }
environment:
  name: "klarmeld test"
  sts: { url: "https://sts.example.invalid/certificatemixed", issuer: "https://saml.sts.example.invalid/runtime" }
  interfaces:
    SF1500: { url: "https://org.example.invalid/virksomhed/6/" }
credentials:
  pkcs12: "system.p12"
  password_env: "KLARMELD_ENGINE_TEST_P12"
  ca_bundle: "ca.pem"
)")
                .ok());
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(files.dir);
    auto profile = profile::load_profile("vendor/profile.yaml", KLARMELD_SOURCE_DIR "/tests/data/catalogs/small");
    std::filesystem::current_path(previous);
    REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().render()));

    std::filesystem::current_path(files.dir);
    auto catalog = test::catalog_with({test::interface_with("SF1500", {test::probe_criterion("SF1500.1", 1, "tls")})});
    RunOptions options;
    RunResources resources(catalog, *profile, options);
    auto identity = resources.system_identity();
    const std::vector<std::string> problems = resources.setup_problems();
    std::filesystem::current_path(previous);
    CHECK_MESSAGE(identity.ok(), (identity.ok() ? "" : identity.error().render()));
    CHECK(problems.empty());
    CHECK(resources.trust_anchors().size() == 1);
  }
}
