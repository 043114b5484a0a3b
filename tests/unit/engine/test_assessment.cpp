#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/assess.hpp"
#include "engine/plan.hpp"
#include "engine_test_model.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/registry.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;
using profile::EvidenceAnswer;

namespace {

struct Fixture {
  criteria::Catalog catalog = test::catalog_with({
      test::interface_with("SF1500", {test::manual_criterion("SF1500.1", 1), test::manual_criterion("SF1500.2", 2),
                                      test::probe_criterion("SF1500.3", 3, "soap.call", {{"operation", "x"}})}),
      test::interface_with("SF0810", {test::manual_criterion("SF0810.1", 1)}),
      test::interface_with(
          "SF1601", {test::manual_criterion("SF1601.1", 1), test::manual_criterion("SF1601.2", 2, /*required=*/false)}),
  });
  profile::Profile profile = test::basic_profile();
  std::map<std::string, probes::ProbeResult> results;
  std::vector<std::string> only;
  bool interrupted = false;

  Assessment run() {
    Plan plan = build_plan(catalog, profile, PlanOptions{only});
    return assess(AssessInput{&catalog, &profile, &plan, &results, profile::Date{2026, 11, 23}, interrupted});
  }
};

const CriterionOutcome& criterion(const Assessment& assessment, const std::string& id) {
  for (const auto& interface : assessment.interfaces) {
    for (const auto& outcome : interface.criteria) {
      if (outcome.criterion_id == id) {
        return outcome;
      }
    }
  }
  FAIL("no outcome for " << id);
  throw std::logic_error("unreachable");
}

const InterfaceOutcome& interface(const Assessment& assessment, const std::string& id) {
  for (const auto& outcome : assessment.interfaces) {
    if (outcome.id == id) {
      return outcome;
    }
  }
  FAIL("no interface " << id);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_SUITE("engine::assess") {
  TEST_CASE("manual evidence: ja, nej, expired, missing") {
    Fixture fixture;
    fixture.profile.evidence = {test::evidence("SF1500.1", EvidenceAnswer::Ja),
                                test::evidence("SF1500.2", EvidenceAnswer::Nej),
                                test::evidence("SF0810.1", EvidenceAnswer::Ja, profile::Date{2026, 11, 1})};
    Assessment assessment = fixture.run();
    CHECK(criterion(assessment, "SF1500.1").verdict == Verdict::Ja);
    CHECK(criterion(assessment, "SF1500.1").confirmed_by == "Jens Hansen, Aarhus Kommune");
    CHECK(criterion(assessment, "SF1500.1").evidence_ref == "https://example.invalid/evidence/SF1500.1");
    CHECK(criterion(assessment, "SF1500.2").verdict == Verdict::Nej);
    CHECK(criterion(assessment, "SF0810.1").verdict == Verdict::IkkeTestet);
    CHECK(criterion(assessment, "SF0810.1").reason == "evidence expired on 2026-11-01");
    CHECK(criterion(assessment, "SF1601.1").verdict == Verdict::IkkeTestet);
    CHECK(criterion(assessment, "SF1601.1").reason == "no evidence in profile");
    CHECK(criterion(assessment, "SF1601.1").method == "manual");
  }

  TEST_CASE("evidence expiring today still counts") {
    Fixture fixture;
    fixture.profile.evidence = {test::evidence("SF0810.1", EvidenceAnswer::Ja, profile::Date{2026, 11, 23})};
    CHECK(criterion(fixture.run(), "SF0810.1").verdict == Verdict::Ja);
  }

  TEST_CASE("klarmeldt only when every required criterion is Ja") {
    Fixture fixture;
    fixture.profile.evidence = {test::evidence("SF1500.1", EvidenceAnswer::Ja),
                                test::evidence("SF1500.2", EvidenceAnswer::Ja),
                                test::evidence("SF1601.1", EvidenceAnswer::Ja)};
    fixture.results["SF1500.3"] = probes::ProbeResult::nej("StatusKode 40: bad input");
    Assessment assessment = fixture.run();
    CHECK(interface(assessment, "SF1500").klarmeldt == Verdict::Nej);
    CHECK(interface(assessment, "SF1500").remarks.find("SF1500.3 Nej: StatusKode 40") != std::string::npos);
    // SF1601.2 is optional and has no evidence: SF1601 is still klarmeldt.
    CHECK(interface(assessment, "SF1601").klarmeldt == Verdict::Ja);
    CHECK(interface(assessment, "SF1601").remarks.find("SF1601.2") != std::string::npos);
    CHECK(assessment.readiness() == Readiness::NotReady);

    fixture.results["SF1500.3"] = probes::ProbeResult::ja("StatusKode 20");
    fixture.profile.evidence.push_back(test::evidence("SF0810.1", EvidenceAnswer::Ja));
    Assessment ready = fixture.run();
    CHECK(interface(ready, "SF1500").klarmeldt == Verdict::Ja);
    CHECK(criterion(ready, "SF1500.3").method == "probe:soap.call");
    CHECK(ready.readiness() == Readiness::Ready);
    CHECK_FALSE(ready.incomplete);
  }

  TEST_CASE("a probe criterion without a result is never Ja") {
    Fixture fixture;
    Assessment assessment = fixture.run();
    CHECK(criterion(assessment, "SF1500.3").verdict == Verdict::IkkeTestet);
    // Undecided is not disproven (issue #14): Ikke testet, and not merely awaiting evidence.
    CHECK(interface(assessment, "SF1500").klarmeldt == Verdict::IkkeTestet);
    CHECK_FALSE(interface(assessment, "SF1500").pending_evidence);
    CHECK(interface(assessment, "SF1500").remarks.starts_with("Mangler: "));
  }

  TEST_CASE("interfaces declared ikke_relevant are listed but not assessed") {
    Fixture fixture;
    fixture.profile.declarations["SF0810"] = profile::SelfDeclaration::IkkeRelevant;
    Assessment assessment = fixture.run();
    const auto& sf0810 = interface(assessment, "SF0810");
    CHECK_FALSE(sf0810.assessed);
    CHECK(sf0810.klarmeldt == Verdict::IkkeRelevant);
    CHECK(sf0810.declaration == profile::SelfDeclaration::IkkeRelevant);
    CHECK(criterion(assessment, "SF0810.1").verdict == Verdict::IkkeRelevant);
    CHECK_FALSE(assessment.incomplete);
  }

  TEST_CASE("--only leaves the other interfaces not tested and the run incomplete") {
    Fixture fixture;
    fixture.only = {"SF0810"};
    fixture.profile.evidence = {test::evidence("SF0810.1", EvidenceAnswer::Ja)};
    Assessment assessment = fixture.run();
    CHECK(interface(assessment, "SF0810").klarmeldt == Verdict::Ja);
    CHECK_FALSE(interface(assessment, "SF1500").assessed);
    CHECK(interface(assessment, "SF1500").klarmeldt == Verdict::IkkeTestet);
    CHECK(criterion(assessment, "SF1500.1").reason == "not selected (--only)");
    CHECK(assessment.incomplete);
    CHECK(assessment.incomplete_reason.find("--only") != std::string::npos);
    CHECK(assessment.interfaces.size() == 3); // still listed, in catalog order
    CHECK(assessment.interfaces[0].id == "SF1500");
  }

  TEST_CASE("an interrupted run reports undecided probes as afbrudt") {
    Fixture fixture;
    fixture.interrupted = true;
    Assessment assessment = fixture.run();
    CHECK(criterion(assessment, "SF1500.3").verdict == Verdict::IkkeTestet);
    CHECK(criterion(assessment, "SF1500.3").reason.find("afbrudt") != std::string::npos);
    CHECK(assessment.incomplete);
  }

  TEST_CASE("the header block comes from the profile and catalog") {
    Fixture fixture;
    Assessment assessment = fixture.run();
    CHECK(assessment.vendor_name == "Eksempel Software A/S");
    CHECK(assessment.municipality_code == 751);
    CHECK(assessment.catalog_identity == "klarmeld test catalog");
    CHECK(assessment.catalog_sha256 == std::string(64, 'a'));
    CHECK(assessment.tool_identity.find("klarmeld") != std::string::npos);
  }
}

TEST_SUITE("engine::build_plan") {
  TEST_CASE("one token per entityID, fetched before the calls that need it") {
    auto catalog = test::catalog_with({
        test::interface_with("SF1500", {test::probe_criterion("SF1500.1", 1, "soap.call"),
                                        test::probe_criterion("SF1500.2", 2, "soap.call"),
                                        test::probe_criterion("SF1500.3", 3, "tls")}),
        test::interface_with("SF1514", {test::probe_criterion("SF1514.1", 1, "soap.call", {{"service", "SF1500"}}),
                                        test::manual_criterion("SF1514.2", 2)}),
        test::interface_with("SF1601",
                             {test::probe_criterion("SF1601.1", 1, "rest.call", {{"operation", "kombipostafsend"}}),
                              test::probe_criterion("SF1601.2", 2, "rest.call", {{"operation", "postforespoerg"}})}),
    });
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1500"].entity_id = kombit::organisation_entity_id;
    profile.environment.interfaces["SF1601"].entity_id = kombit::kombipostafsend_entity_id;
    Plan plan = build_plan(catalog, profile, {});
    // The REST probe names the token it will ask for: PostForespoerg has an entityID of its own.
    REQUIRE(plan.tokens.size() == 3);
    CHECK(plan.tokens[0].entity_id == kombit::organisation_entity_id);
    CHECK_FALSE(plan.tokens[0].access_token);
    CHECK(plan.tokens[1].entity_id == kombit::kombipostafsend_entity_id);
    CHECK(plan.tokens[1].access_token);
    CHECK(plan.tokens[2].entity_id == kombit::postforespoerg_entity_id);
    CHECK(plan.tokens[2].access_token);
    CHECK(plan.invocations.size() == 6);
    CHECK(plan.invocations[2].token_entity_id.empty()); // tls needs no token
    CHECK(plan.invocations[3].token_entity_id == kombit::organisation_entity_id);
    CHECK(plan.invocations[5].token_requests() == 2);
    CHECK(plan.criteria_to_decide == 7);
  }

  TEST_CASE("sts.agreements: every service's token is fetched ahead, and the probe waits for them") {
    // CE1510.5 asks the cache for a token per service in use. Asked for one after another inside
    // the probe, a 98-municipality rollout's agreements held most workers in the STS host's limiter
    // while the calls those tokens unlock waited (docs/performance.md §6, session 15).
    auto catalog = test::catalog_with({
        test::interface_with("SF1500", {test::probe_criterion("SF1500.1", 1, "soap.call")}),
        test::interface_with("SF1490", {test::manual_criterion("SF1490.1", 1)}), // no token criterion
        test::interface_with("CE1510", {test::probe_criterion("CE1510.5", 5, "sts.agreements")}),
    });
    auto profile = test::basic_profile();
    for (const char* id : {"SF1500", "SF1490", "CE1510"}) {
      profile.declarations[id] = profile::SelfDeclaration::Anvendes;
    }
    profile.environment.sts_url = "https://sts.test/sts";
    profile.environment.interfaces["SF1500"].entity_id = kombit::organisation_entity_id;
    profile.environment.interfaces["SF1490"].entity_id = "http://sagsdokument.example/service/1";
    Plan plan = build_plan(catalog, profile, {});
    REQUIRE(plan.invocations.size() == 2);
    const Invocation& agreements = plan.invocations[1];
    CHECK(agreements.per_municipality);
    CHECK(agreements.token_entity_id.empty());
    CHECK(agreements.tokens_ahead ==
          std::vector<std::string>{kombit::organisation_entity_id, "http://sagsdokument.example/service/1"});
    // Each is a token task of its own (SF1500.1's shared, SF1490's added), none asked for twice.
    REQUIRE(plan.tokens.size() == 2);
    CHECK(plan.tokens[0] == TokenNeed{kombit::organisation_entity_id, false});
    CHECK(plan.tokens[1] == TokenNeed{"http://sagsdokument.example/service/1", false});
    CHECK(probes::sequential_requests(*agreements.criterion->probe) == 0); // its STS calls are those tokens
  }

  TEST_CASE("sts.issue judges the run's own token: soap and token_exchange share it, rest asks itself") {
    auto catalog = test::catalog_with({
        test::interface_with("SF1500", {test::probe_criterion("SF1500.1", 1, "soap.call"),
                                        test::probe_criterion("SF1500.2", 2, "sts.issue", {{"variant", "soap"}})}),
        test::interface_with("SF1601",
                             {test::probe_criterion("SF1601.1", 1, "sts.issue", {{"variant", "token_exchange"}}),
                              test::probe_criterion("SF1601.2", 2, "sts.issue", {{"variant", "rest"}})}),
    });
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1500"].entity_id = kombit::organisation_entity_id;
    profile.environment.interfaces["SF1601"].entity_id = kombit::kombipostafsend_entity_id;
    profile.environment.sts_url = "https://sts.test/certificatemixed";
    profile.environment.token_exchange_url = "https://sts.test/token";
    Plan plan = build_plan(catalog, profile, {});
    REQUIRE(plan.tokens.size() == 2); // one per entityID, the probes' included
    REQUIRE(plan.invocations.size() == 4);
    CHECK(plan.invocations[1].token_entity_id == kombit::organisation_entity_id);
    CHECK_FALSE(plan.invocations[1].needs_access_token);
    CHECK(plan.invocations[2].token_entity_id == kombit::kombipostafsend_entity_id);
    CHECK(plan.invocations[2].needs_access_token);
    CHECK(plan.invocations[2].token_requests() == 2);
    CHECK(plan.invocations[3].token_entity_id.empty());

    profile.environment.sts_url.clear(); // no SOAP STS: the probe says so itself, no token is planned for it
    Plan without_soap = build_plan(catalog, profile, {});
    CHECK(without_soap.invocations[1].token_entity_id.empty());
  }
}
