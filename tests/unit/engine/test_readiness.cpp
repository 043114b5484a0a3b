#include <doctest/doctest.h>

#include "engine/assessment.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;

namespace {

CriterionOutcome criterion(const std::string& id, Verdict verdict, const std::string& method, bool required = true) {
  CriterionOutcome outcome;
  outcome.criterion_id = id;
  outcome.verdict = verdict;
  outcome.method = method;
  outcome.required = required;
  return outcome;
}

Assessment with(std::vector<CriterionOutcome> criteria, Verdict klarmeldt) {
  Assessment assessment;
  InterfaceOutcome interface;
  interface.id = "SF1500";
  interface.klarmeldt = klarmeldt;
  interface.criteria = std::move(criteria);
  assessment.interfaces.push_back(interface);
  InterfaceOutcome other;
  other.id = "SF0810";
  other.assessed = false;
  other.klarmeldt = Verdict::IkkeRelevant;
  assessment.interfaces.push_back(other);
  return assessment;
}

} // namespace

TEST_SUITE("engine::readiness") {
  TEST_CASE("every assessed interface klarmeldt is ready; not-relevant ones do not count") {
    auto assessment = with({criterion("SF1500.1", Verdict::Ja, "probe:tls")}, Verdict::Ja);
    CHECK(assessment.readiness() == Readiness::Ready);
  }
  TEST_CASE("only manual evidence missing is pending") {
    auto assessment =
        with({criterion("SF1500.1", Verdict::Ja, "probe:tls"), criterion("SF1500.2", Verdict::IkkeTestet, "manual")},
             Verdict::Nej);
    CHECK(assessment.readiness() == Readiness::PendingEvidence);
  }
  TEST_CASE("an automated criterion not decided is not ready, not pending") {
    auto assessment = with(
        {criterion("SF1500.1", Verdict::IkkeTestet, "probe:tls"), criterion("SF1500.2", Verdict::IkkeTestet, "manual")},
        Verdict::Nej);
    CHECK(assessment.readiness() == Readiness::NotReady);
  }
  TEST_CASE("any Nej is not ready, also a manual one") {
    auto assessment = with(
        {criterion("SF1500.1", Verdict::Ja, "probe:tls"), criterion("SF1500.2", Verdict::Nej, "manual")}, Verdict::Nej);
    CHECK(assessment.readiness() == Readiness::NotReady);
  }
  TEST_CASE("an optional criterion that failed does not block pending") {
    auto assessment = with(
        {criterion("SF1500.1", Verdict::Nej, "probe:tls", false), criterion("SF1500.2", Verdict::IkkeTestet, "manual")},
        Verdict::Nej);
    CHECK(assessment.readiness() == Readiness::PendingEvidence);
  }
  TEST_CASE("an interrupted run is never pending") {
    auto assessment = with({criterion("SF1500.2", Verdict::IkkeTestet, "manual")}, Verdict::Nej);
    assessment.incomplete = true;
    CHECK(assessment.readiness() == Readiness::NotReady);
  }
}
