// Issue 14 item 6: a server that takes the TCP connection and never finishes TLS ends every probe at
// the run's connect bound, as Ikke testet with one wording, and a cancelled run ends a handshake at
// once. Time bounds here are generous ceilings on what must end, not performance targets.
#include <doctest/doctest.h>

#include "engine_test_model.hpp"
#include "fake_probe_context.hpp"
#include "interfaces/probes/saml_metadata_probe.hpp"
#include "interfaces/probes/tls_probe.hpp"
#include "interfaces/tls/tls_handshake.hpp"
#include "stalling_server.hpp"
#include "test_http_support.hpp"

using namespace klarmeld;
using namespace std::chrono_literals;

namespace {

// A TLS record header (handshake, TLS 1.2, 16 KiB long) the client must wait to read to its end.
const std::string record_header("\x16\x03\x03\x40\x00", 5);

struct Timed {
  Result<probes::HandshakeOutcome> outcome;
  std::chrono::milliseconds took;
};

Timed handshake_with(int port, std::chrono::milliseconds timeout, std::function<bool()> cancelled = {}) {
  probes::HandshakeOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.timeout = timeout;
  options.cancelled = std::move(cancelled);
  auto started = std::chrono::steady_clock::now();
  auto outcome = probes::tls_handshake(options);
  return {std::move(outcome),
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)};
}

} // namespace

TEST_SUITE("bounded handshakes") {
  TEST_CASE("a silent server ends the handshake at the deadline, as no TLS answer") {
    test::StallingServer silent;
    auto timed = handshake_with(silent.port(), 1500ms);
    REQUIRE_FALSE(timed.outcome.ok());
    CHECK(timed.outcome.error().code == "tls.timeout");
    CHECK(timed.outcome.error().message ==
          "127.0.0.1:" + std::to_string(silent.port()) + ": no TLS answer within 1.5 s");
    CHECK(timed.took >= 1400ms);
    CHECK(timed.took < 1500ms + 1s);
  }

  TEST_CASE("a server feeding its handshake a byte at a time ends at the same deadline") {
    // Each byte came well within the old per-recv socket timeout, so the blocking SSL_connect never
    // returned; the deadline covers the handshake as a whole.
    test::StallingServer drip(record_header, 200ms);
    auto timed = handshake_with(drip.port(), 1500ms);
    REQUIRE_FALSE(timed.outcome.ok());
    CHECK(timed.outcome.error().code == "tls.timeout");
    CHECK(timed.outcome.error().message.find("no TLS answer within 1.5 s") != std::string::npos);
    CHECK(timed.took < 1500ms + 1s);
  }

  TEST_CASE("a cancelled run ends the handshake within a second") {
    test::StallingServer drip(record_header, 200ms);
    auto cancel_at = std::chrono::steady_clock::now() + 300ms;
    auto timed =
        handshake_with(drip.port(), 60s, [cancel_at] { return std::chrono::steady_clock::now() >= cancel_at; });
    REQUIRE_FALSE(timed.outcome.ok());
    CHECK(timed.outcome.error().code == "tls.cancelled");
    CHECK(timed.took < 300ms + 1s);
  }

  TEST_CASE("the tls probe and an HTTP probe tell the same story about a silent server") {
    test::StallingServer silent;
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1500"].url = test::local_url(silent.port(), "/organisation/6/", true);
    profile.environment.interfaces["SF1500"].options["metadata_url"] = test::local_url(silent.port(), "/md", true);
    auto pki = test::TestPki::generate();
    // The fake context's libcurl client has a 2 s connect timeout; the probe gets the same bound.
    test::FakeProbeContext context(profile, test::interface_with("SF1500", {}), test::anchors_of(pki.ca), nullptr);
    REQUIRE(context.connect_timeout() == 2000ms);

    auto tls = test::probe_criterion("SF1500.1", 1, "tls", {});
    auto started = std::chrono::steady_clock::now();
    auto by_tls = probes::make_tls_probe()->run(tls, *tls.probe, context);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    auto metadata = test::probe_criterion("SF1500.2", 2, "saml.metadata", {});
    auto by_http = probes::make_saml_metadata_probe()->run(metadata, *metadata.probe, context);

    CHECK(by_tls.verdict == Verdict::IkkeTestet);
    CHECK(by_http.verdict == Verdict::IkkeTestet);
    CHECK_MESSAGE(by_tls.reason.find("no TLS answer within 2 s") != std::string::npos, by_tls.reason);
    CHECK_MESSAGE(by_http.reason.find("no TLS answer within 2 s") != std::string::npos, by_http.reason);
  }
}
