#include <doctest/doctest.h>

#include <sstream>

#include "engine/run_check.hpp"
#include "engine_test_model.hpp"
#include "recording_progress.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;

namespace {

using test::RecordingProgress;

criteria::Catalog sample_catalog() {
  return test::catalog_with({
      test::interface_with(
          "SF1500", {test::manual_criterion("SF1500.1", 1), test::probe_criterion("SF1500.2", 2, "no.such.probe")}),
      test::interface_with("SF0810", {test::manual_criterion("SF0810.1", 1)}),
  });
}

} // namespace

TEST_SUITE("engine::run_check") {
  TEST_CASE("unknown probe types come out Ikke testet with the reason; progress sees every criterion") {
    auto catalog = sample_catalog();
    auto profile = test::basic_profile();
    profile.evidence = {test::evidence("SF1500.1", profile::EvidenceAnswer::Ja)};
    RecordingProgress progress;
    RunOptions options;
    options.concurrency = 2;
    options.progress = &progress;
    Assessment assessment = run_check(catalog, profile, options);
    REQUIRE(assessment.interfaces.size() == 2);
    const auto& probe_outcome = assessment.interfaces[0].criteria[1];
    CHECK(probe_outcome.verdict == Verdict::IkkeTestet);
    CHECK(probe_outcome.reason == "probe type no.such.probe not available in this build");
    CHECK(assessment.interfaces[0].criteria[0].verdict == Verdict::Ja);
    CHECK(assessment.interfaces[0].klarmeldt == Verdict::IkkeTestet); // undecided, not disproven
    CHECK_FALSE(assessment.incomplete);
    CHECK(assessment.run_state == RunState::Complete);
    CHECK_FALSE(assessment.started_at.empty());
    CHECK(progress.total == 3);
    CHECK(progress.done.size() == 3);
    CHECK(progress.finished_calls == 1);
  }

  TEST_CASE("a cancelled run leaves probes afbrudt and marks the assessment incomplete") {
    auto catalog = sample_catalog();
    auto profile = test::basic_profile();
    std::atomic<bool> cancel{true};
    RunOptions options;
    options.cancel = &cancel;
    Assessment assessment = run_check(catalog, profile, options);
    CHECK(assessment.incomplete);
    CHECK(assessment.interfaces[0].criteria[1].verdict == Verdict::IkkeTestet);
    CHECK(assessment.interfaces[0].criteria[1].reason.find("afbrudt") != std::string::npos);
    CHECK(assessment.interfaces[0].criteria[0].reason == "no evidence in profile");
  }

  TEST_CASE("line progress prints one line per result; quiet prints nothing") {
    CriterionOutcome outcome;
    outcome.criterion_id = "SF1500.2";
    outcome.verdict = Verdict::Nej;
    outcome.method = "probe:tls";
    outcome.reason = "certificate expired";
    outcome.warnings = {"TLS 1.2 with CBC"};
    std::ostringstream normal;
    auto lines = make_line_progress(normal, Verbosity::Normal);
    lines->started(2);
    lines->criterion_done("SF1500", outcome, {});
    CHECK(normal.str() == "[1/2] SF1500.2 Nej (probe:tls) — certificate expired\n");
    std::ostringstream verbose;
    auto detailed = make_line_progress(verbose, Verbosity::Verbose);
    detailed->started(1);
    detailed->criterion_done("SF1500", outcome, {});
    CHECK(verbose.str().find("warning: TLS 1.2 with CBC") != std::string::npos);
    std::ostringstream quiet;
    auto silent = make_line_progress(quiet, Verbosity::Quiet);
    silent->started(1);
    silent->criterion_done("SF1500", outcome, {});
    silent->finished(Assessment{});
    CHECK(quiet.str().empty());
    std::ostringstream bar;
    auto tty = make_bar_progress(bar, Verbosity::Normal);
    tty->started(2);
    tty->criterion_done("SF1500", outcome, {});
    CHECK(bar.str().find("1/2  SF1500  failures: 1") != std::string::npos);
  }

  TEST_CASE("in a rollout, progress names the municipality of a result and tells each reason once") {
    CriterionOutcome outcome;
    outcome.criterion_id = "SF1510.2";
    outcome.verdict = Verdict::IkkeTestet;
    outcome.method = "probe:soap.call";
    outcome.reason = "no token";
    Assessment aarhus;
    aarhus.incomplete = true;
    aarhus.incomplete_reason = "only part of the catalog was selected (--only)";
    Assessment aalborg = aarhus;
    Assessment odense = aarhus;
    odense.incomplete_reason = "afbrudt";
    std::ostringstream lines_out;
    auto lines = make_line_progress(lines_out, Verbosity::Normal);
    lines->started(2);
    lines->criterion_done("SF1510", outcome, "Aalborg");
    lines->criterion_done("SF1510", outcome, {});
    for (const Assessment* assessment : {&aarhus, &aalborg, &odense}) {
      lines->finished(*assessment);
    }
    CHECK(lines_out.str() == "[1/2] Aalborg: SF1510.2 Ikke testet (probe:soap.call) — no token\n"
                             "[2/2] SF1510.2 Ikke testet (probe:soap.call) — no token\n"
                             "run incomplete: only part of the catalog was selected (--only)\n"
                             "run incomplete: afbrudt\n");
    std::ostringstream bar_out;
    auto bar = make_bar_progress(bar_out, Verbosity::Normal);
    bar->started(2);
    bar->criterion_done("SF1510", outcome, "Aalborg");
    CHECK(bar_out.str().find("1/2  Aalborg SF1510  failures: 0") != std::string::npos);
    for (const Assessment* assessment : {&aarhus, &aalborg, &odense}) {
      bar->finished(*assessment);
    }
    std::string text = bar_out.str();
    CHECK(text.find("1/2 criteria decided, 0 failed (incomplete: only part of the catalog was selected (--only))\n"
                    "incomplete: afbrudt\n") != std::string::npos);
    CHECK(text.find("criteria decided") == text.rfind("criteria decided"));
  }
}

TEST_SUITE("engine::run_check setup") {
  TEST_CASE("unreadable credentials are reported as setup problems when probes need them") {
    auto catalog = sample_catalog();
    auto profile = test::basic_profile();
    profile.credentials.pkcs12 = "/nonexistent/klarmeld/system.p12";
    profile.credentials.password_env = "KLARMELD_ENGINE_TEST_UNSET_VARIABLE";
    profile.credentials.ca_bundle = "/nonexistent/klarmeld/ca.pem";
    Assessment assessment = run_check(catalog, profile, RunOptions{});
    REQUIRE(assessment.setup_problems.size() == 2);
    CHECK(assessment.setup_problems[0].find("KLARMELD_ENGINE_TEST_UNSET_VARIABLE") != std::string::npos);
    CHECK(assessment.setup_problems[1].rfind("ca_bundle: ", 0) == 0);
  }
}
