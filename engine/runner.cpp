#include "engine/runner.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/probe_context_impl.hpp"
#include "engine/task_pool.hpp"
#include "interfaces/http/host_limiter.hpp"
#include "interfaces/http/url.hpp"
#include "interfaces/registry.hpp"
#include "util/task_context.hpp"

namespace klarmeld::engine {

probes::ProbeResult run_one(const Invocation& invocation, RunResources& resources) {
  const criteria::Criterion& criterion = *invocation.criterion;
  const criteria::ProbeSpec& spec = *criterion.probe;
  TimePoint started = Clock::now();
  auto steady_start = std::chrono::steady_clock::now();
  util::take_time_held_back(); // this task's only, from here on
  probes::ProbeResult result;
  ProbeContextImpl context(resources, *invocation.interface, criterion.id, invocation.scope);
  // Probe::run is the one place a probe's exception becomes "Ikke testet"; nothing to catch here.
  std::unique_ptr<probes::Probe> probe = probes::make_probe(spec.type);
  if (!probe) {
    result = probes::ProbeResult::not_tested("probe type " + spec.type + " not available in this build");
  } else {
    result = probe->run(criterion, spec, context);
  }
  if (result.started == TimePoint{}) {
    result.started = started;
  }
  // Its own time, whether the probe measured it or not: not the time its requests were held back by
  // the run's limits or waited for a CPU slot behind other tasks (util/task_context.hpp).
  const auto held_back = std::chrono::duration_cast<std::chrono::milliseconds>(util::take_time_held_back());
  if (result.duration.count() == 0) {
    result.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - steady_start);
  }
  result.duration = std::max(std::chrono::milliseconds(0), result.duration - held_back);
  if (result.evidence_file.empty()) {
    result.evidence_file = context.last_evidence_file();
  }
  // A probe cut short by Ctrl-C proves nothing either way.
  if (resources.cancelled() && result.verdict != Verdict::Ja) {
    result.verdict = Verdict::IkkeTestet;
    result.reason = "afbrudt (run interrupted)" + (result.reason.empty() ? "" : ": " + result.reason);
  }
  return result;
}

namespace {

// Tokens as tasks of their own, ahead of the probes that need them: one STS task per entityID, an
// AccessTokenService task after it where a REST probe needs the exchanged token. Their outcome stays
// in the token cache (a failure included), where the probes find it.
using TokenKey = std::pair<size_t, std::string>; // scope (municipality), entityID
struct TokenTasks {
  std::map<TokenKey, size_t> sts;
  std::map<TokenKey, size_t> exchanged;
};

// How long the longest chain's requests may take to get under way before other tasks start anyway
// (a connect that hangs must not hold the run).
constexpr std::chrono::milliseconds critical_head_start{50};
// How long before its host's next slot a task may start: an STS token request is built and signed
// first (milliseconds, tens on a loaded machine); at 20/s a slot comes every 50 ms, and a task that
// started only when its slot had come would leave the slot idle while it signs.
constexpr std::chrono::milliseconds host_lead{50};

// Where a task's first request goes, as the HTTP client's host limits key it (engine/schedule holds
// the task while that host would make it wait); empty when the HTTP client does not carry it (AMQP,
// SFTP: those probes connect themselves).
std::string http_host(const std::string& url) {
  Result<http::Url> parsed = http::parse_url(url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) {
    return {};
  }
  return http::host_key(*parsed);
}

// A probe's own requests go to its interface's endpoint (probe_context_impl's endpoint()).
std::string probe_host(const Invocation& invocation, const RunResources& resources) {
  const auto& endpoints = resources.profile(invocation.scope).environment.interfaces;
  auto endpoint = endpoints.find(invocation.interface->id);
  return endpoint == endpoints.end() ? std::string() : http_host(endpoint->second.url);
}

TokenTasks add_token_tasks(const Plan& plan, RunResources& resources, TaskPool& pool) {
  // Every municipality's tokens come from the run's own STS (engine/sts_token_source).
  const profile::Environment& environment = resources.profile().environment;
  const std::string sts_host = http_host(environment.sts_url.empty() ? environment.sts_rest_url : environment.sts_url);
  const std::string exchange_host = http_host(environment.token_exchange_url);
  TokenTasks tasks;
  for (const TokenNeed& need : plan.tokens) {
    const std::string& entity = need.entity_id;
    size_t scope = need.scope;
    TokenKey key{scope, entity};
    if (!tasks.sts.contains(key)) {
      tasks.sts[key] = pool.add([&resources, entity, scope] { (void)resources.tokens(scope).token_for(entity); }, 1,
                                sts_host, scope);
    }
    if (need.access_token && !tasks.exchanged.contains(key)) {
      size_t exchange =
          pool.add([&resources, entity, scope] { (void)resources.tokens(scope).access_token_for(entity); }, 1,
                   exchange_host, scope);
      pool.depends(exchange, tasks.sts[key]);
      tasks.exchanged[key] = exchange;
    }
  }
  return tasks;
}

} // namespace

// A worker is not in flight while it builds and signs its request or checks the answer (a tenth of
// each worker's time in a 98-municipality rollout, docs/performance.md §6): with only `concurrency`
// workers the servers then see fewer requests than the run may send. One more worker per CPU slot
// prepares the next request meanwhile; the HTTP client still lets at most `concurrency` requests be
// under way at once (RunResources sets HostLimits::max_total_in_flight), so a prepared request waits
// there, holding no CPU slot, for the next free place.
int run_workers(int concurrency, int cpu_slots) {
  return std::max(1, concurrency) + std::max(0, cpu_slots);
}

std::map<std::string, probes::ProbeResult> run_invocations(const Plan& plan, RunResources& resources,
                                                           const ProbeDone& on_done) {
  std::map<std::string, probes::ProbeResult> results;
  for (auto& [key, result] : run_scoped_invocations(plan, resources, on_done)) {
    results.emplace(key.second, std::move(result));
  }
  return results;
}

ScopedResults run_scoped_invocations(const Plan& plan, RunResources& resources, const ProbeDone& on_done) {
  ScopedResults results;
  std::mutex results_mutex;
  TaskPool pool;
  TokenTasks tokens = add_token_tasks(plan, resources, pool);
  std::vector<std::pair<std::string_view, size_t>> probe_tasks; // probe type, task
  for (const Invocation& invocation : plan.invocations) {
    size_t probe = pool.add(
        [&, invocation_ptr = &invocation] {
          const Invocation& current = *invocation_ptr;
          probes::ProbeResult result = run_one(current, resources);
          std::lock_guard lock(results_mutex);
          if (resources.cancelled() && result.verdict == Verdict::IkkeTestet) {
            return; // left absent: reported as "afbrudt" by the assessment
          }
          if (on_done) {
            on_done(current, result);
          }
          results.emplace(std::make_pair(current.scope, current.criterion->id), std::move(result));
        },
        probes::sequential_requests(*invocation.criterion->probe), probe_host(invocation, resources), invocation.scope);
    if (!invocation.token_entity_id.empty()) {
      const auto& prerequisites = invocation.needs_access_token ? tokens.exchanged : tokens.sts;
      if (auto found = prerequisites.find(TokenKey{invocation.scope, invocation.token_entity_id});
          found != prerequisites.end()) {
        pool.depends(probe, found->second);
      }
    }
    // A probe that asks for several tokens (Probe::tokens_ahead) starts once all of them are there.
    for (const std::string& entity_id : invocation.tokens_ahead) {
      if (auto found = tokens.sts.find(TokenKey{invocation.scope, entity_id}); found != tokens.sts.end()) {
        pool.depends(probe, found->second);
      }
    }
    probe_tasks.emplace_back(invocation.criterion->probe->type, probe);
  }
  // Probes that use what another probe leaves behind (saml.slo: saml.sso's login session) start after it.
  for (const auto& [type, task] : probe_tasks) {
    for (std::string_view before : probes::runs_after(type)) {
      for (const auto& [other_type, other] : probe_tasks) {
        if (other_type == before) {
          pool.depends(task, other);
        }
      }
    }
  }
  // One CPU slot per core, and the critical path's requests under way before other work starts
  // (engine/schedule, docs/performance.md).
  SchedulingPolicy policy;
  policy.cpu_slots = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  policy.critical_head_start = critical_head_start;
  policy.places = std::max(1, resources.options().concurrency);
  // No worker waits in one host's rate limiter while a task for another host could start.
  policy.host_gate = [&resources](const std::string& host, int starting) {
    return resources.http().next_start(host, starting);
  };
  policy.host_lead = host_lead;
  // A task held because its host is full starts when a request there ends, not at the pool's next look.
  policy.watch_hosts = [&resources](std::function<void()> wake) { resources.http().on_place_freed(std::move(wake)); };
  pool.run(
      run_workers(resources.options().concurrency, policy.cpu_slots), [&] { return resources.cancelled(); }, policy);
  return results;
}

} // namespace klarmeld::engine
