// One check over several municipalities (issue #19, docs/rollout.md): the probes that depend on the
// municipality (Invocation::depends_on_municipality: they use a token, issued per entityID and CVR)
// run once per municipality; the others run once and their result is reported for every one. All
// share one task graph, one HTTP client and one token cache keyed by (entityID, CVR).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "engine/assessment.hpp"
#include "engine/plan.hpp"
#include "engine/run_options.hpp"
#include "profile/profile.hpp"

namespace klarmeld::engine {

// The plan of a rollout: per municipality its own plan (what its assessment judges), and the
// combined plan the runner executes. Municipality i runs in scope i + 1 (RunResources scopes;
// scope 0, the profile's pilot, is not used); the shared invocations run in municipality 0's scope.
struct RolloutPlan {
  std::vector<Plan> per_municipality;
  Plan combined;
  size_t shared_invocations = 0; // run once for all
};

// `profiles`: the profile once per municipality (same environment, different municipality fields).
RolloutPlan build_rollout_plan(const criteria::Catalog& catalog, const std::vector<profile::Profile>& profiles,
                               const PlanOptions& options);

struct RolloutResult {
  std::vector<Assessment> assessments; // one per municipality, in the order given
  int token_requests = 0;              // STS calls made (one per entityID and CVR)
  int exchange_requests = 0;           // AccessTokenService calls made
  size_t probe_runs = 0;               // invocations the runner executed
  // HTTP requests the run sent, by host (http::host_key; tokens, exchanges, probes, retries).
  std::map<std::string, int> http_requests;
};

// Never throws; like run_check, an interrupted or failed run still yields one assessment per
// municipality. `municipalities` must not be empty.
RolloutResult run_rollout(const criteria::Catalog& catalog, const profile::Profile& profile,
                          const std::vector<profile::MunicipalityEntry>& municipalities, const RunOptions& options);

// The profile as it reads for one municipality of the rollout.
profile::Profile profile_for(const profile::Profile& profile, const profile::MunicipalityEntry& municipality);

} // namespace klarmeld::engine
