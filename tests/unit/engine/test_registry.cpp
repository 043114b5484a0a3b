#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>

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
}
