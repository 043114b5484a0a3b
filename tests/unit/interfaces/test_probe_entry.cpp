// Probe::run, the one entry to every probe: whatever a probe's check() throws becomes "Ikke testet"
// with a reason naming the probe type, and nothing leaves run().
#include <doctest/doctest.h>

#include <stdexcept>

#include "interfaces/probe.hpp"
#include "stub_context.hpp"

using namespace klarmeld;

namespace {

class NoNetwork final : public http::Client {
public:
  Result<http::Response> perform(const http::Request&) override {
    return runtime_error("http.none", "no network in this test");
  }
};

class ThrowingProbe final : public probes::Probe {
public:
  explicit ThrowingProbe(bool standard) : m_standard(standard) {}
  std::string_view type() const override { return "test.throws"; }

private:
  probes::ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, probes::ProbeContext&) override {
    if (m_standard) {
      throw std::runtime_error("metadata parser gave up");
    }
    throw 42; // a type outside std::exception, as a C library wrapper might let through
  }
  bool m_standard;
};

probes::ProbeResult run_throwing(bool standard) {
  NoNetwork network;
  testing::NoTokens no_tokens;
  testing::StubContext context(network, "SF1500", no_tokens, nullptr);
  ThrowingProbe probe(standard);
  return probe.run(criteria::Criterion{}, criteria::ProbeSpec{}, context);
}

} // namespace

TEST_SUITE("probes::Probe::run") {
  TEST_CASE("a std::exception from the probe becomes Ikke testet with its what()") {
    probes::ProbeResult result = run_throwing(true);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason == "test.throws probe failed: metadata parser gave up");
  }
  TEST_CASE("an exception of any other type becomes Ikke testet with a reason too") {
    probes::ProbeResult result = run_throwing(false);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason == "test.throws probe failed: an exception that is not a std::exception");
  }
}
