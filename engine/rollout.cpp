#include "engine/rollout.hpp"

#include <exception>

#include "engine/assess.hpp"
#include "engine/progress.hpp"
#include "engine/run_check.hpp"
#include "engine/run_resources.hpp"
#include "engine/runner.hpp"
#include "util/time.hpp"

namespace klarmeld::engine {

profile::Profile profile_for(const profile::Profile& profile, const profile::MunicipalityEntry& municipality) {
  profile::Profile scoped = profile;
  scoped.municipality_name = municipality.name;
  scoped.municipality_code = municipality.code;
  scoped.municipality_cvr = municipality.cvr;
  return scoped;
}

RolloutPlan build_rollout_plan(const criteria::Catalog& catalog, const std::vector<profile::Profile>& profiles,
                               const PlanOptions& options) {
  RolloutPlan rollout;
  for (size_t index = 0; index < profiles.size(); ++index) {
    Plan plan = build_plan(catalog, profiles[index], options);
    size_t scope = index + 1;
    for (const Invocation& invocation : plan.invocations) {
      if (!invocation.depends_on_municipality() && index > 0) {
        continue; // municipality 0's run answers for all
      }
      Invocation scoped = invocation;
      scoped.scope = scope;
      rollout.combined.invocations.push_back(scoped);
      if (!invocation.depends_on_municipality()) {
        ++rollout.shared_invocations;
      }
    }
    for (TokenNeed need : plan.tokens) {
      need.scope = scope;
      rollout.combined.tokens.push_back(need);
    }
    if (index == 0) {
      rollout.combined.assessed = plan.assessed;
      rollout.combined.not_relevant = plan.not_relevant;
      rollout.combined.not_selected = plan.not_selected;
      rollout.combined.criteria_to_decide = plan.criteria_to_decide - plan.invocations.size();
    }
    rollout.per_municipality.push_back(std::move(plan));
  }
  rollout.combined.criteria_to_decide += rollout.combined.invocations.size();
  return rollout;
}

namespace {

RolloutResult run_guarded(const criteria::Catalog& catalog, const profile::Profile& profile,
                          const std::vector<profile::MunicipalityEntry>& municipalities, const RunOptions& options) {
  std::string started_at = iso8601_utc(Clock::now());
  std::vector<profile::Profile> profiles;
  for (const auto& municipality : municipalities) {
    profiles.push_back(profile_for(profile, municipality));
  }
  RolloutPlan plan = build_rollout_plan(catalog, profiles, PlanOptions{options.only});
  if (options.progress != nullptr) {
    options.progress->started(plan.combined.criteria_to_decide);
    report_manual_outcomes(plan.combined, catalog, profiles.front(), *options.progress);
  }
  RolloutResult rollout;
  ScopedResults results;
  std::vector<std::string> setup_problems;
  bool sts_unreachable = false;
  {
    RunResources resources(catalog, profile, options);
    for (const auto& municipality : municipalities) {
      resources.add_municipality(municipality);
    }
    if (!plan.combined.invocations.empty()) {
      setup_problems = resources.setup_problems();
    }
    results = run_scoped_invocations(
        plan.combined, resources, [&](const Invocation& invocation, const probes::ProbeResult& result) {
          if (options.progress != nullptr) {
            // A result of one municipality names it; a shared one answers for all and names none.
            std::string municipality =
                invocation.depends_on_municipality() ? profiles[invocation.scope - 1].municipality_name : std::string();
            options.progress->criterion_done(invocation.interface->id,
                                             outcome_from_probe(*invocation.criterion, result), municipality);
          }
        });
    sts_unreachable = resources.tokens().sts_never_answered();
    rollout.token_requests = resources.tokens().issue_calls();
    rollout.exchange_requests = resources.tokens().exchange_calls();
    rollout.http_requests = resources.http().requests_sent();
  }
  rollout.probe_runs = plan.combined.invocations.size();
  bool cancelled = options.cancel != nullptr && options.cancel->load();
  std::string finished_at = iso8601_utc(Clock::now());
  for (size_t index = 0; index < profiles.size(); ++index) {
    const Plan& own = plan.per_municipality[index];
    std::map<std::string, probes::ProbeResult> mine;
    for (const Invocation& invocation : own.invocations) {
      size_t scope = invocation.depends_on_municipality() ? index + 1 : 1;
      if (auto found = results.find({scope, invocation.criterion->id}); found != results.end()) {
        mine.emplace(invocation.criterion->id, found->second);
      }
    }
    bool interrupted = cancelled && mine.size() < own.invocations.size();
    Assessment assessment =
        assess(AssessInput{&catalog, &profiles[index], &own, &mine, today_utc(), interrupted, sts_unreachable});
    assessment.started_at = started_at;
    assessment.finished_at = finished_at;
    assessment.setup_problems = setup_problems;
    rollout.assessments.push_back(std::move(assessment));
  }
  return rollout;
}

} // namespace

RolloutResult run_rollout(const criteria::Catalog& catalog, const profile::Profile& profile,
                          const std::vector<profile::MunicipalityEntry>& municipalities, const RunOptions& options) {
  RolloutResult rollout;
  try {
    rollout = run_guarded(catalog, profile, municipalities, options);
  } catch (const std::exception& failure) {
    rollout = RolloutResult{};
    for (const auto& municipality : municipalities) {
      try {
        rollout.assessments.push_back(failed_run(catalog, profile_for(profile, municipality), failure.what()));
      } catch (...) {
        Assessment assessment;
        assessment.run_state = RunState::CouldNotRun;
        assessment.incomplete = true;
        assessment.incomplete_reason = "internal error";
        rollout.assessments.push_back(std::move(assessment));
      }
    }
  }
  if (options.progress != nullptr) {
    for (const Assessment& assessment : rollout.assessments) {
      try {
        options.progress->finished(assessment);
      } catch (...) {
      }
    }
  }
  return rollout;
}

} // namespace klarmeld::engine
