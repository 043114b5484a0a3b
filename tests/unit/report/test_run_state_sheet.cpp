// The run state and "Afventer dokumentation" on the sheet, read back by the reader that verify,
// aggregate and diff use (issue #14 items 2 and 4), and in the JSON, JUnit and attestation.
#include <doctest/doctest.h>

#include "report/attestation.hpp"
#include "report/json_writer.hpp"
#include "report/junit_writer.hpp"
#include "report/workbook_reader.hpp"
#include "report/xlsx_writer.hpp"
#include "sample_assessment.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

namespace {

WorkbookSummary round_trip(const engine::Assessment& assessment, Language language) {
  TempDir dir;
  std::string path = dir.file("state.xlsx");
  REQUIRE(write_readiness_workbook(assessment, path, language).ok());
  auto summary = read_readiness_workbook(path);
  REQUIRE_MESSAGE(summary.ok(), summary.error().message);
  return *summary;
}

engine::Assessment with_state(engine::RunState state) {
  engine::Assessment assessment = sample_assessment();
  assessment.run_state = state;
  assessment.incomplete = state != engine::RunState::Complete;
  assessment.incomplete_reason = assessment.incomplete ? "why" : "";
  return assessment;
}

// sample_assessment's SF1500 awaiting only manual evidence: its criteria are Ja or manual Ikke testet.
engine::Assessment pending_assessment() {
  engine::Assessment assessment = sample_assessment();
  for (auto& interface : assessment.interfaces) {
    if (interface.id != "SF1500") {
      continue;
    }
    for (auto& criterion : interface.criteria) {
      criterion.verdict = Verdict::IkkeTestet;
      criterion.method = "manual";
    }
    interface.klarmeldt = Verdict::IkkeTestet;
    interface.pending_evidence = true;
  }
  return assessment;
}

} // namespace

TEST_SUITE("report::run_state") {
  TEST_CASE("every run state survives the sheet, in both languages") {
    for (auto state : {engine::RunState::Complete, engine::RunState::Partial, engine::RunState::Interrupted,
                       engine::RunState::CouldNotRun}) {
      for (auto language : {Language::Danish, Language::English}) {
        CAPTURE(engine::run_state_key(state));
        WorkbookSummary summary = round_trip(with_state(state), language);
        CHECK(summary.run_state == state);
        CHECK(summary.incomplete == (state != engine::RunState::Complete));
      }
    }
  }

  TEST_CASE("the run state is in the JSON, the JUnit properties and the attestation predicate") {
    engine::Assessment assessment = with_state(engine::RunState::Partial);
    CHECK(render_json(assessment).find("\"state\": \"partial\"") != std::string::npos);
    CHECK(render_junit(assessment, Language::Danish).find("name=\"run.state\" value=\"partial\"") != std::string::npos);
    std::string statement = build_test_result_statement(assessment, "k.xlsx", std::string(64, '0'));
    CHECK(statement.find("\"runState\": \"partial\"") != std::string::npos);
  }

  TEST_CASE("Afventer dokumentation is on the overview and read back as pending, not Nej") {
    WorkbookSummary summary = round_trip(pending_assessment(), Language::Danish);
    const WorkbookInterface* sf1500 = summary.find_interface("SF1500");
    REQUIRE(sf1500 != nullptr);
    CHECK(sf1500->pending_evidence);
    CHECK(sf1500->klarmeldt == Verdict::IkkeTestet);
    CHECK_FALSE(summary.find_interface("SF1514")->pending_evidence);
  }
}
