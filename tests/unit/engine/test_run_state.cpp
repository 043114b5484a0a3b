// Run states and pending evidence (issue #14 items 2 and 4): what assess() and the token cache say.
#include <doctest/doctest.h>

#include "engine/assess.hpp"
#include "engine/plan.hpp"
#include "engine/token_cache.hpp"
#include "engine_test_model.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;
using profile::EvidenceAnswer;

namespace {

struct Run {
  criteria::Catalog catalog = test::catalog_with({
      test::interface_with("SF1500", {test::manual_criterion("SF1500.1", 1),
                                      test::probe_criterion("SF1500.2", 2, "soap.call", {{"operation", "x"}})}),
      test::interface_with("SF0810", {test::manual_criterion("SF0810.1", 1)}),
  });
  profile::Profile profile = test::basic_profile();
  std::map<std::string, probes::ProbeResult> results;
  std::vector<std::string> only;

  Assessment assess_with(bool interrupted, bool sts_unreachable) {
    Plan plan = build_plan(catalog, profile, PlanOptions{only});
    return assess(
        AssessInput{&catalog, &profile, &plan, &results, profile::Date{2026, 11, 23}, interrupted, sts_unreachable});
  }
};

const InterfaceOutcome& find(const Assessment& assessment, const std::string& id) {
  for (const auto& interface : assessment.interfaces) {
    if (interface.id == id) {
      return interface;
    }
  }
  throw std::logic_error("no interface " + id);
}

TokenCache cache_answering(long status, std::string code) {
  return TokenCache(
      "fp", "55133018",
      [status, code](const std::string&, const std::string&, sts::TokenCall& call) -> Result<sts::IssuedToken> {
        call.http_status = status;
        return runtime_error(code, "STS call failed");
      },
      nullptr);
}

} // namespace

TEST_SUITE("engine::run_state") {
  TEST_CASE("complete, partial, interrupted and could-not-run, with their spellings") {
    Run run;
    CHECK(run.assess_with(false, false).run_state == RunState::Complete);
    CHECK_FALSE(run.assess_with(false, false).incomplete);
    Assessment could_not_run = run.assess_with(false, true);
    CHECK(could_not_run.run_state == RunState::CouldNotRun);
    CHECK(could_not_run.incomplete);
    CHECK(could_not_run.incomplete_reason.find("STS") != std::string::npos);
    CHECK(run.assess_with(true, true).run_state == RunState::Interrupted); // the signal is what happened last
    run.only = {"SF0810"};
    CHECK(run.assess_with(false, false).run_state == RunState::Partial);
    CHECK(run_state_key(RunState::CouldNotRun) == "could-not-run");
    CHECK(parse_spelling(run_state_spellings, "partial") == RunState::Partial);
    CHECK(parse_spelling(run_state_danish, "Afbrudt kørsel") == RunState::Interrupted);
  }

  TEST_CASE("an unreachable STS leaves interfaces Ikke testet, never Nej") {
    Run run;
    run.results["SF1500.2"] = probes::ProbeResult::not_tested("the STS could not be reached: connection refused");
    run.profile.evidence = {test::evidence("SF1500.1", EvidenceAnswer::Ja)};
    Assessment assessment = run.assess_with(false, true);
    CHECK(find(assessment, "SF1500").klarmeldt == Verdict::IkkeTestet);
    CHECK_FALSE(find(assessment, "SF1500").pending_evidence);
    CHECK(assessment.readiness() == Readiness::NotReady);
  }

  TEST_CASE("automated criteria pass, manual evidence missing: Afventer dokumentation, not Nej") {
    Run run;
    run.results["SF1500.2"] = probes::ProbeResult::ja("StatusKode 20");
    Assessment assessment = run.assess_with(false, false);
    const InterfaceOutcome& sf1500 = find(assessment, "SF1500");
    CHECK(sf1500.klarmeldt == Verdict::IkkeTestet);
    CHECK(sf1500.pending_evidence);
    CHECK(sf1500.remarks.starts_with("Afventer dokumentation: "));
    CHECK(assessment.readiness() == Readiness::PendingEvidence);
  }

  TEST_CASE("a Nej criterion keeps the interface Nej") {
    Run run;
    run.results["SF1500.2"] = probes::ProbeResult::nej("StatusKode 44");
    Assessment assessment = run.assess_with(false, false);
    CHECK(find(assessment, "SF1500").klarmeldt == Verdict::Nej);
    CHECK_FALSE(find(assessment, "SF1500").pending_evidence);
  }

  TEST_CASE("the STS counts as unreachable only when no call got an answer") {
    auto refused = cache_answering(0, "http.connect");
    CHECK_FALSE(refused.sts_never_answered()); // not asked yet
    CHECK_FALSE(refused.token_for("urn:a"));
    CHECK(refused.sts_never_answered());
    auto faulting = cache_answering(500, "sts.fault");
    CHECK_FALSE(faulting.token_for("urn:a"));
    CHECK_FALSE(faulting.sts_never_answered()); // it answered, with a fault: the vendor's or KOMBIT's story
    auto cancelled = cache_answering(0, "http.cancelled");
    CHECK_FALSE(cancelled.token_for("urn:a"));
    CHECK_FALSE(cancelled.sts_never_answered()); // interrupted, not unreachable
  }
}
