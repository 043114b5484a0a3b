#include "engine/runner.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

#include "engine/probe_context_impl.hpp"
#include "interfaces/registry.hpp"

namespace klarmeld::engine {

void run_parallel(size_t count, int workers, const std::function<bool()>& stop,
                  const std::function<void(size_t)>& task) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (;;) {
      if (stop()) {
        return;
      }
      size_t index = next++;
      if (index >= count) {
        return;
      }
      task(index);
    }
  };
  size_t thread_count = std::min(count, static_cast<size_t>(std::max(1, workers)));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < thread_count; ++i) {
    threads.emplace_back(work);
  }
  work(); // the calling thread works too
  for (auto& thread : threads) {
    thread.join();
  }
}

probes::ProbeResult run_one(const Invocation& invocation, RunResources& resources) {
  const criteria::Criterion& criterion = *invocation.criterion;
  const criteria::ProbeSpec& spec = *criterion.probe;
  TimePoint started = Clock::now();
  auto steady_start = std::chrono::steady_clock::now();
  probes::ProbeResult result;
  ProbeContextImpl context(resources, *invocation.interface, criterion.id);
  try {
    std::unique_ptr<probes::Probe> probe = probes::make_probe(spec.type);
    if (!probe) {
      result = probes::ProbeResult::not_tested("probe type " + spec.type + " not available in this build");
    } else {
      result = probe->run(criterion, spec, context);
    }
  } catch (const std::exception& failure) {
    result = probes::ProbeResult::not_tested("probe " + spec.type + " failed unexpectedly: " + failure.what());
  } catch (...) {
    result = probes::ProbeResult::not_tested("probe " + spec.type + " failed unexpectedly");
  }
  if (result.started == TimePoint{}) {
    result.started = started;
  }
  if (result.duration.count() == 0) {
    result.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - steady_start);
  }
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

std::map<std::string, probes::ProbeResult> run_invocations(const Plan& plan, RunResources& resources,
                                                           const ProbeDone& on_done) {
  auto stop = [&] { return resources.cancelled(); };
  int workers = resources.options().concurrency;

  // No separate token phase: a probe asks the token cache when it needs a token, and the cache makes
  // one STS call per entityID for all who ask (single flight). Longest chains of sequential requests
  // (token requests + the probe's own) start first, so the run ends close to its critical path.
  std::vector<int> chain(plan.invocations.size());
  for (size_t i = 0; i < chain.size(); ++i) {
    const Invocation& invocation = plan.invocations[i];
    chain[i] = invocation.token_requests() + probes::sequential_requests(*invocation.criterion->probe);
  }
  std::vector<size_t> order(plan.invocations.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t left, size_t right) { return chain[left] > chain[right]; });

  std::map<std::string, probes::ProbeResult> results;
  std::mutex results_mutex;
  run_parallel(order.size(), workers, stop, [&](size_t position) {
    const Invocation& invocation = plan.invocations[order[position]];
    probes::ProbeResult result = run_one(invocation, resources);
    std::lock_guard lock(results_mutex);
    if (resources.cancelled() && result.verdict == Verdict::IkkeTestet) {
      return; // left absent: reported as "afbrudt" by the assessment
    }
    if (on_done) {
      on_done(invocation, result);
    }
    results.emplace(invocation.criterion->id, std::move(result));
  });
  return results;
}

} // namespace klarmeld::engine
