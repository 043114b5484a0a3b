#include "bench/engine/bfo_probe_bench.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "bench/engine/critical_path.hpp"
#include "bench/engine/stopwatch.hpp"
#include "engine/run_check.hpp"

namespace klarmeld::bench {
namespace {

constexpr const char* bfo_prefix = "bfo.";

bool is_bfo(const std::string& probe) {
  return probe.rfind(bfo_prefix, 0) == 0;
}

struct BfoRun {
  double wall_ms = 0;
  double cpu_ms = 0;
  double bfo_probe_ms = 0; // summed durations of the bfo.* criteria
  double all_probe_ms = 0; // summed durations of every automated criterion
  int bfo_invocations = 0;
  std::map<std::string, double> durations; // per BFO criterion
  std::string not_ja;
};

BfoRun run_once(const BenchEnvironment& environment, const engine::RunOptions& options) {
  BfoRun run;
  const double cpu_before = process_cpu_ms();
  Stopwatch watch;
  engine::Assessment assessment = engine::run_check(environment.catalog(), environment.profile(), options);
  run.wall_ms = watch.elapsed_ms();
  run.cpu_ms = process_cpu_ms() - cpu_before;
  for (const auto& interface : assessment.interfaces) {
    for (const auto& criterion : interface.criteria) {
      if (criterion.method.rfind("probe:", 0) != 0) {
        continue;
      }
      const auto duration = static_cast<double>(criterion.duration_ms);
      run.all_probe_ms += duration;
      if (!is_bfo(criterion.method.substr(6))) {
        continue;
      }
      run.bfo_probe_ms += duration;
      ++run.bfo_invocations;
      run.durations[criterion.criterion_id + " " + criterion.method.substr(6)] = duration;
      if (criterion.verdict != Verdict::Ja) {
        run.not_ja += " " + criterion.criterion_id + " (" + std::string(to_danish(criterion.verdict)) + ")";
      }
    }
  }
  return run;
}

} // namespace

Result<double> run_bfo_probe_bench(BenchEnvironment& environment, int runs) {
  std::printf("\n[5] Beskedfordeler probes on the real broker (started once), conforming scenario, %d runs\n", runs);
  TRY(environment.start(0, 1, true));
  if (!environment.fixture().beskedfordeler_problem().empty()) {
    return runtime_error("bench.bfo", "the simulated Beskedfordeler did not start: " +
                                          environment.fixture().beskedfordeler_problem());
  }
  engine::Plan plan = engine::build_plan(environment.catalog(), environment.profile(), {});
  std::vector<std::string> interfaces;
  std::printf("  round trips per BFO criterion (token + own, sequential):\n");
  for (const auto& step : chain_steps(plan)) {
    if (is_bfo(step.probe)) {
      std::printf("    %-10s %-14s %d + %d\n", step.criterion_id.c_str(), step.probe.c_str(), step.token_calls,
                  step.probe_calls);
      std::string interface = step.criterion_id.substr(0, step.criterion_id.find('.'));
      if (std::find(interfaces.begin(), interfaces.end(), interface) == interfaces.end()) {
        interfaces.push_back(interface);
      }
    }
  }

  // The whole catalog with the BFO included: the BFO probes' share of the probe time. The probes
  // overlap (concurrency), so this is a share of summed probe durations, not of the wall time.
  std::vector<double> shares, catalog_wall;
  for (int i = 0; i < runs; ++i) {
    BfoRun run = run_once(environment, engine::RunOptions{});
    shares.push_back(run.all_probe_ms > 0 ? 100.0 * run.bfo_probe_ms / run.all_probe_ms : 0);
    catalog_wall.push_back(run.wall_ms);
  }

  // The BFO interfaces alone: CPU per probe invocation, and each criterion's duration.
  engine::RunOptions only;
  only.only = interfaces;
  std::vector<double> cpu_per_probe, wall;
  std::map<std::string, std::vector<double>> durations;
  for (int i = 0; i < runs; ++i) {
    BfoRun run = run_once(environment, only);
    std::printf("  run %d (--only BFO): %.1f ms wall, process CPU %.1f ms for %d BFO probes; not Ja:%s\n", i + 1,
                run.wall_ms, run.cpu_ms, run.bfo_invocations, run.not_ja.empty() ? " none" : run.not_ja.c_str());
    wall.push_back(run.wall_ms);
    cpu_per_probe.push_back(run.bfo_invocations > 0 ? run.cpu_ms / run.bfo_invocations : 0);
    for (const auto& [criterion, duration] : run.durations) {
      durations[criterion].push_back(duration);
    }
  }
  environment.stop();

  for (const auto& [criterion, samples] : durations) {
    std::printf("    %-26s median %.1f ms\n", criterion.c_str(), median(samples));
  }
  std::printf("  RESULT BFO probes' share of summed probe time in a whole-catalog run: median %.1f %% "
              "(catalog wall median %.1f ms)\n",
              median(shares), median(catalog_wall));
  std::printf("  RESULT process CPU per BFO probe (klarmeld + in-process front/core/consumer, not RabbitMQ): "
              "median %.2f ms; BFO-only run wall median %.1f ms\n",
              median(cpu_per_probe), median(wall));
  return median(cpu_per_probe);
}

} // namespace klarmeld::bench
