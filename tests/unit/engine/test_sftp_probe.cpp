// The sftp probe's bounds against a server that stalls. Its round trip against a real OpenSSH server
// runs in tests/unit/fixtures/test_sftp_server.cpp, on the fixture's own sshd starter.
#include <doctest/doctest.h>

#include <chrono>

#include "engine_test_model.hpp"
#include "fake_probe_context.hpp"
#include "interfaces/probes/sftp_probe.hpp"
#include "stalling_server.hpp"

using namespace klarmeld;

namespace {

probes::ProbeResult run_probe(const profile::Profile& profile) {
  test::FakeProbeContext context(profile, test::interface_with("SF1590_A", {}), {}, nullptr);
  auto criterion = test::probe_criterion("SF1590_A.1", 1, "sftp", {{"operation", "roundtrip"}});
  return probes::make_sftp_probe()->run(criterion, *criterion.probe, context);
}

} // namespace

TEST_SUITE("probes::sftp") {
  TEST_CASE("a server that sends its banner and then hangs is not tested, within the connect bound") {
    // libssh2 reads the banner and then waits for the key exchange that never comes.
    test::StallingServer hanging("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    auto profile = test::basic_profile();
    profile.credentials.ssh_private_key = "/nonexistent/klarmeld-test-key";
    auto& endpoint = profile.environment.interfaces["SF1590_A"];
    endpoint.url = "sftp://127.0.0.1:" + std::to_string(hanging.port()) + "/upload/";
    endpoint.options["username"] = "klarmeld";
    auto started = std::chrono::steady_clock::now();
    auto result = run_probe(profile);
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(hanging.connections() >= 1);
    CHECK_MESSAGE(result.verdict == Verdict::IkkeTestet, result.reason);
    CHECK_MESSAGE(result.reason.find("no SSH answer within 2 s") != std::string::npos, result.reason);
    CHECK(took < std::chrono::seconds(3)); // the fake context's 2 s connect bound + 1 s
  }
}
