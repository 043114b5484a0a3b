#include "engine/run_check.hpp"

#include <exception>
#include <mutex>

#include "engine/assess.hpp"
#include "engine/plan.hpp"
#include "engine/run_resources.hpp"
#include "engine/runner.hpp"
#include "util/time.hpp"

namespace klarmeld::engine {

void report_manual_outcomes(const Plan& plan, const criteria::Catalog& catalog, const profile::Profile& profile,
                            ProgressSink& progress) {
  profile::Date today = today_utc();
  for (const auto& id : plan.assessed) {
    const criteria::Interface* interface = catalog.find(id);
    for (const auto& criterion : interface->criteria) {
      if (criterion.is_manual()) {
        progress.criterion_done(id, outcome_from_evidence(criterion, profile, today), {});
      }
    }
  }
}

namespace {

Assessment run_guarded(const criteria::Catalog& catalog, const profile::Profile& profile, const RunOptions& options) {
  std::string started_at = iso8601_utc(Clock::now());
  Plan plan = build_plan(catalog, profile, PlanOptions{options.only});
  if (options.progress != nullptr) {
    options.progress->started(plan.criteria_to_decide);
    report_manual_outcomes(plan, catalog, profile, *options.progress);
  }
  std::map<std::string, probes::ProbeResult> results;
  std::vector<std::string> setup_problems;
  bool sts_unreachable = false;
  {
    RunResources resources(catalog, profile, options);
    if (!plan.invocations.empty()) {
      setup_problems = resources.setup_problems();
    }
    results = run_invocations(plan, resources, [&](const Invocation& invocation, const probes::ProbeResult& result) {
      if (options.progress != nullptr) {
        options.progress->criterion_done(invocation.interface->id, outcome_from_probe(*invocation.criterion, result),
                                         {});
      }
    });
    sts_unreachable = resources.tokens().sts_never_answered();
  }
  bool interrupted = options.cancel != nullptr && options.cancel->load() && results.size() < plan.invocations.size();
  Assessment assessment =
      assess(AssessInput{&catalog, &profile, &plan, &results, today_utc(), interrupted, sts_unreachable});
  assessment.started_at = started_at;
  assessment.finished_at = iso8601_utc(Clock::now());
  assessment.setup_problems = std::move(setup_problems);
  return assessment;
}

} // namespace

Assessment failed_run(const criteria::Catalog& catalog, const profile::Profile& profile, const std::string& why) {
  Plan plan = build_plan(catalog, profile, PlanOptions{});
  std::map<std::string, probes::ProbeResult> none;
  Assessment assessment = assess(AssessInput{&catalog, &profile, &plan, &none, today_utc(), true, false});
  assessment.run_state = RunState::CouldNotRun;
  assessment.incomplete = true;
  assessment.incomplete_reason = "internal error: " + why;
  assessment.started_at = assessment.finished_at = iso8601_utc(Clock::now());
  return assessment;
}

Assessment run_check(const criteria::Catalog& catalog, const profile::Profile& profile, const RunOptions& options) {
  Assessment assessment;
  try {
    assessment = run_guarded(catalog, profile, options);
  } catch (const std::exception& failure) {
    try {
      assessment = failed_run(catalog, profile, failure.what());
    } catch (...) {
      assessment.run_state = RunState::CouldNotRun;
      assessment.incomplete = true;
      assessment.incomplete_reason = "internal error";
    }
  } catch (...) {
    assessment.run_state = RunState::CouldNotRun;
    assessment.incomplete = true;
    assessment.incomplete_reason = "internal error";
  }
  if (options.progress != nullptr) {
    try {
      options.progress->finished(assessment);
    } catch (...) {
    }
  }
  return assessment;
}

} // namespace klarmeld::engine
