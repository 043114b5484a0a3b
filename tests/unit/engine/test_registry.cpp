#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>

#include "criteria/model/probe_types.hpp"
#include "interfaces/registry.hpp"

using namespace klarmeld;

TEST_SUITE("probes::registry") {
  TEST_CASE("the engine's probe types are registered under their catalog names") {
    for (std::string_view type :
         {"tls", "rest.call", "saml.metadata", "sftp", "sts.issue", "soap.call", "sts.protected", "saml.slo"}) {
      auto probe = probes::make_probe(type);
      REQUIRE_MESSAGE(probe != nullptr, type);
      CHECK(probe->type() == type);
    }
    CHECK(probes::make_probe("no.such.probe") == nullptr);
    auto types = probes::available_probe_types();
    CHECK(std::find(types.begin(), types.end(), std::string_view("sftp")) != types.end());
  }
  TEST_CASE("each probe states its own sequential requests: the runner's critical-path order") {
    auto spec = [](std::string type, std::string key = {}, std::string value = {}) {
      criteria::ProbeSpec result;
      result.type = std::move(type);
      if (!key.empty()) {
        result.params[key] = value;
      }
      result.modes = criteria::modes_of(result); // as the catalog loader parses it
      return result;
    };
    CHECK(probes::sequential_requests(spec("tls")) == 0);
    CHECK(probes::sequential_requests(spec("soap.call", "operation", "virksomhed/soeg")) == 1);
    // soap and token_exchange judge the run's token: their requests are the token's (token_use).
    CHECK(probes::sequential_requests(spec("sts.issue", "variant", "soap")) == 0);
    CHECK(probes::sequential_requests(spec("sts.issue", "variant", "token_exchange")) == 0);
    CHECK(probes::sequential_requests(spec("sts.issue", "variant", "rest")) == 1);
    CHECK(probes::sequential_requests(spec("saml.slo")) == 2);
    CHECK(probes::sequential_requests(spec("sts.protected", "case", "expired")) == 1);
    CHECK(probes::sequential_requests(spec("sts.protected", "case", "replayed")) == 2);
    CHECK(probes::sequential_requests(spec("no.such.probe")) == 0);
  }
}
