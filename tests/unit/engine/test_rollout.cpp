#include <doctest/doctest.h>

#include <algorithm>

#include "engine/rollout.hpp"
#include "engine_test_model.hpp"
#include "recording_progress.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;

namespace {

// SF1500.2 calls the service with a token (depends on the municipality); SF1500.3's type is unknown
// to this build and uses no token, so it runs once for all.
criteria::Catalog rollout_catalog() {
  return test::catalog_with(
      {test::interface_with("SF1500", {test::manual_criterion("SF1500.1", 1),
                                       test::probe_criterion("SF1500.2", 2, "soap.call", {{"operation", "laes"}}),
                                       test::probe_criterion("SF1500.3", 3, "no.such.probe")})});
}

profile::Profile rollout_profile() {
  profile::Profile profile = test::basic_profile();
  profile.environment.name = "test";
  profile.environment.sts_url = "http://127.0.0.1:9/sts"; // never asked: no system certificate
  profile::InterfaceEndpoint& endpoint = profile.environment.interfaces["SF1500"];
  endpoint.url = "http://127.0.0.1:9/org";
  endpoint.entity_id = "urn:svc:org";
  return profile;
}

const std::vector<profile::MunicipalityEntry> three = {
    {"Aarhus", 751, "55133018"}, {"Odense", 461, "35209115"}, {"Aalborg", 851, "29189420"}};

} // namespace

TEST_SUITE("engine::rollout") {
  TEST_CASE("token users run per municipality, the rest once; tokens per (entityID, CVR)") {
    auto catalog = rollout_catalog();
    std::vector<profile::Profile> profiles;
    for (const auto& municipality : three) {
      profiles.push_back(profile_for(rollout_profile(), municipality));
    }
    RolloutPlan plan = build_rollout_plan(catalog, profiles, PlanOptions{});
    REQUIRE(plan.per_municipality.size() == 3);
    CHECK(plan.shared_invocations == 1);
    REQUIRE(plan.combined.invocations.size() == 4); // SF1500.2 three times, SF1500.3 once
    size_t per_municipality = 0;
    for (const Invocation& invocation : plan.combined.invocations) {
      if (invocation.criterion->id == "SF1500.2") {
        ++per_municipality;
        CHECK(invocation.depends_on_municipality());
      } else {
        CHECK(invocation.scope == 1);
      }
    }
    CHECK(per_municipality == 3);
    REQUIRE(plan.combined.tokens.size() == 3);
    for (size_t index = 0; index < 3; ++index) {
      CHECK(plan.combined.tokens[index] == TokenNeed{"urn:svc:org", false, index + 1});
    }
  }

  TEST_CASE("one assessment per municipality, each with its own name and the shared results") {
    auto catalog = rollout_catalog();
    RunOptions options;
    options.concurrency = 2;
    test::RecordingProgress progress;
    options.progress = &progress;
    RolloutResult rollout = run_rollout(catalog, rollout_profile(), three, options);
    REQUIRE(rollout.assessments.size() == 3);
    // Progress names the municipality of each token user's result; the shared and manual ones none.
    std::vector<std::string> told = progress.done;
    std::sort(told.begin(), told.end());
    CHECK(told == std::vector<std::string>{"Aalborg|SF1500 SF1500.2 ikke_testet", "Aarhus|SF1500 SF1500.2 ikke_testet",
                                           "Odense|SF1500 SF1500.2 ikke_testet", "|SF1500 SF1500.1 ikke_testet",
                                           "|SF1500 SF1500.3 ikke_testet"});
    CHECK(progress.total == told.size());
    CHECK(progress.finished_calls == 3);
    CHECK(rollout.token_requests == 3); // one per (entityID, CVR), though the pilot is Aarhus too
    CHECK(rollout.probe_runs == 4);
    for (size_t index = 0; index < 3; ++index) {
      const Assessment& assessment = rollout.assessments[index];
      CHECK(assessment.municipality_name == three[index].name);
      CHECK(assessment.municipality_code == three[index].code);
      REQUIRE(assessment.interfaces.size() == 1);
      REQUIRE(assessment.interfaces[0].criteria.size() == 3);
      CHECK(assessment.interfaces[0].criteria[2].reason == "probe type no.such.probe not available in this build");
      // No system certificate: the token, and so the call, fails for every municipality alike.
      CHECK(assessment.interfaces[0].criteria[1].verdict != Verdict::Ja);
      CHECK_FALSE(assessment.interfaces[0].criteria[1].reason.empty());
    }
  }
}
