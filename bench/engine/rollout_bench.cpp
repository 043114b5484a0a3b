#include "bench/engine/rollout_bench.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench/engine/critical_path.hpp"
#include "bench/engine/stopwatch.hpp"
#include "engine/rollout.hpp"
#include "engine/run_check.hpp"
#include "interfaces/registry.hpp"

namespace klarmeld::bench {

Status run_rollout_bench(BenchEnvironment& environment, const CatalogBenchOptions& options, int count) {
  TRY(environment.start(options.latency_ms, count));
  const profile::Profile& profile = environment.profile();
  std::vector<profile::MunicipalityEntry> municipalities = profile.municipalities;
  if (municipalities.empty()) {
    municipalities.push_back({profile.municipality_name, profile.municipality_code, profile.municipality_cvr});
  }
  std::printf("\n[rollout] %zu municipalities, %d ms latency per call, concurrency %d\n", municipalities.size(),
              options.latency_ms, options.concurrency);
  engine::RunOptions run_options;
  run_options.concurrency = options.concurrency;

  std::vector<profile::Profile> profiles;
  for (const auto& municipality : municipalities) {
    profiles.push_back(engine::profile_for(profile, municipality));
  }
  engine::RolloutPlan plan = engine::build_rollout_plan(environment.catalog(), profiles, {});
  CriticalPath path = critical_path(chain_steps(plan.per_municipality.front()));
  // Requests: every token and exchange, and each invocation's own sequential requests.
  int probe_requests = 0;
  for (const auto& invocation : plan.combined.invocations) {
    probe_requests += probes::sequential_requests(*invocation.criterion->probe);
  }

  Stopwatch watch;
  engine::RolloutResult rollout = engine::run_rollout(environment.catalog(), profile, municipalities, run_options);
  double wall = watch.elapsed_ms();
  int requests = rollout.token_requests + rollout.exchange_requests + probe_requests;
  // The bound: the critical path, or all requests spread over the concurrency, whichever is longer.
  double spread = std::ceil(static_cast<double>(requests) / options.concurrency) * options.latency_ms;
  double bound = std::max(static_cast<double>(path.round_trips * options.latency_ms), spread);
  std::printf("  one rollout run: %.1f ms wall; %zu probe runs (%zu shared), %d tokens fetched, %d exchanges, "
              "about %d requests\n",
              wall, rollout.probe_runs, plan.shared_invocations, rollout.token_requests, rollout.exchange_requests,
              requests);
  std::printf("  bound max(critical path %d round trips x %d ms, %d requests / %d x %d ms) = %.0f ms; ratio %.2f\n",
              path.round_trips, options.latency_ms, requests, options.concurrency, options.latency_ms, bound,
              wall / bound);

  size_t sample = std::min(municipalities.size(), static_cast<size_t>(std::max(1, options.runs)));
  double separate = 0;
  for (size_t index = 0; index < sample; ++index) {
    Stopwatch one;
    (void)engine::run_check(environment.catalog(), profiles[index], run_options);
    separate += one.elapsed_ms();
  }
  double per_run = separate / static_cast<double>(sample);
  double all_separate = per_run * static_cast<double>(municipalities.size());
  std::printf("  separate single-municipality runs (in-process run_check, own RunResources each): %zu made, "
              "%.1f ms each; x %zu = %.1f ms%s; rollout is %.1fx faster\n",
              sample, per_run, municipalities.size(), all_separate,
              sample < municipalities.size() ? " (extrapolated)" : "", all_separate / wall);
  environment.stop();
  return Ok{};
}

} // namespace klarmeld::bench
