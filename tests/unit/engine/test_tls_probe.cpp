#include <doctest/doctest.h>

#include "engine_test_model.hpp"
#include "fake_probe_context.hpp"
#include "interfaces/probes/tls_probe.hpp"
#include "interfaces/tls/tls_policy.hpp"
#include "test_http_support.hpp"

using namespace klarmeld;
using klarmeld::test::RunningServer;

namespace {

struct TlsScenario {
  test::TestPki pki = test::TestPki::generate();

  probes::ProbeResult probe(const crypto::Identity& server_identity, std::map<std::string, std::string> params = {},
                            const crypto::Identity* trusted_ca = nullptr) {
    RunningServer<httplib::SSLServer> server(server_identity.certificate.get(), server_identity.key.get());
    server.server().Get(
        "/", [](const httplib::Request&, httplib::Response& response) { response.set_content("ok", "text/plain"); });
    int port = server.start();
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1500"].url = test::local_url(port, "/organisation/6/", true);
    test::FakeProbeContext context(profile, test::interface_with("SF1500", {}),
                                   test::anchors_of(trusted_ca != nullptr ? *trusted_ca : pki.ca), nullptr);
    auto criterion = test::probe_criterion("SF1500.1", 1, "tls", params);
    return probes::make_tls_probe()->run(criterion, *criterion.probe, context);
  }
};

bool has_fact(const probes::ProbeResult& result, const std::string& key) {
  for (const auto& fact : result.facts) {
    if (fact.key == key) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_SUITE("probes::tls") {
  TEST_CASE("a current, trusted certificate for the host passes and facts are kept") {
    TlsScenario scenario;
    auto result = scenario.probe(scenario.pki.server);
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(result.reason.find("TLSv1.") == 0);
    CHECK(has_fact(result, "server_certificate_subject"));
    CHECK(has_fact(result, "server_certificate_days_left"));
    CHECK(result.warnings.empty());
  }

  TEST_CASE("an expired certificate fails") {
    TlsScenario scenario;
    auto expired = test::make_identity(test::server_request("localhost", -30, -1), &scenario.pki.ca);
    auto result = scenario.probe(expired);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason.find("expired") != std::string::npos);
  }

  TEST_CASE("a certificate expiring soon passes with a warning") {
    TlsScenario scenario;
    auto soon = test::make_identity(test::server_request("localhost", -1, 10), &scenario.pki.ca);
    auto result = scenario.probe(soon, {{"warn_days", "30"}});
    CHECK(result.verdict == Verdict::Ja);
    REQUIRE(result.warnings.size() == 1);
    CHECK(result.warnings[0].find("expires in") != std::string::npos);
  }

  TEST_CASE("a certificate for another host fails") {
    TlsScenario scenario;
    auto request = test::named("other.example");
    request.dns_names = {"other.example"};
    auto wrong_host = test::make_identity(request, &scenario.pki.ca);
    auto result = scenario.probe(wrong_host);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason.find("mismatch") != std::string::npos);
  }

  TEST_CASE("a certificate from an untrusted CA fails") {
    TlsScenario scenario;
    auto other = test::TestPki::generate();
    auto result = scenario.probe(scenario.pki.server, {}, &other.ca);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason.find("certificate verification failed") != std::string::npos);
  }

  TEST_CASE("an unreachable endpoint is not tested, not failed") {
    int port = 0;
    {
      RunningServer<httplib::Server> server;
      port = server.start();
    }
    test::TestPki pki = test::TestPki::generate();
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1500"].url = test::local_url(port, "/", true);
    test::FakeProbeContext context(profile, test::interface_with("SF1500", {}), test::anchors_of(pki.ca), nullptr);
    auto criterion = test::probe_criterion("SF1500.1", 1, "tls");
    auto result = probes::make_tls_probe()->run(criterion, *criterion.probe, context);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("cannot connect") != std::string::npos);
  }

  TEST_CASE("weak cipher names") {
    CHECK(probes::is_weak_cipher("RC4-SHA"));
    CHECK(probes::is_weak_cipher("DES-CBC3-SHA"));
    CHECK(probes::is_weak_cipher("NULL-SHA256"));
    CHECK(probes::is_weak_cipher("ADH-AES128-SHA"));
    CHECK_FALSE(probes::is_weak_cipher("ECDHE-RSA-AES128-GCM-SHA256"));
    CHECK_FALSE(probes::is_weak_cipher("TLS_AES_256_GCM_SHA384"));
  }
}
