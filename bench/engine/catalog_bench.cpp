#include "bench/engine/catalog_bench.hpp"

#include <algorithm>
#include <cstdio>

#include "bench/engine/critical_path.hpp"
#include "bench/engine/stopwatch.hpp"
#include "engine/run_check.hpp"
#include "engine/run_resources.hpp"
#include "engine/runner.hpp"

namespace klarmeld::bench {
namespace {

struct RunFigures {
  double wall_ms = 0;
  double cpu_ms = 0;
  int automated = 0;
  int passed = 0;
  std::string slowest; // "criterion 123 ms" of the three slowest probes
  std::string not_ja;  // automated criteria that did not pass, with their verdict
};

RunFigures run_engine_once(const BenchEnvironment& environment, const engine::RunOptions& options) {
  double cpu_before = process_cpu_ms();
  Stopwatch watch;
  engine::Assessment assessment = engine::run_check(environment.catalog(), environment.profile(), options);
  RunFigures figures;
  figures.wall_ms = watch.elapsed_ms();
  figures.cpu_ms = process_cpu_ms() - cpu_before;
  std::vector<std::pair<std::int64_t, std::string>> durations;
  for (const auto& interface : assessment.interfaces) {
    for (const auto& criterion : interface.criteria) {
      if (criterion.method.rfind("probe:", 0) != 0) {
        continue;
      }
      ++figures.automated;
      figures.passed += criterion.verdict == Verdict::Ja ? 1 : 0;
      if (criterion.verdict != Verdict::Ja) {
        figures.not_ja += " " + criterion.criterion_id + " (" + std::string(to_danish(criterion.verdict)) + ")";
      }
      durations.emplace_back(criterion.duration_ms, criterion.criterion_id);
    }
  }
  std::sort(durations.rbegin(), durations.rend());
  for (size_t i = 0; i < std::min<size_t>(3, durations.size()); ++i) {
    figures.slowest += (i ? ", " : "") + durations[i].second + " " + std::to_string(durations[i].first) + " ms";
  }
  return figures;
}

void print_chain(const std::vector<ChainStep>& steps, const CriticalPath& path, int latency_ms) {
  std::printf("  plan: %zu probe invocations; round trips per criterion (token + own):\n", steps.size());
  for (const auto& step : steps) {
    std::printf("    %-10s %-34s %d + %d\n", step.criterion_id.c_str(), step.probe.c_str(), step.token_calls,
                step.probe_calls);
  }
  std::printf("  critical path: %d round trips (%s) x %d ms = %d ms\n", path.round_trips, path.longest.c_str(),
              latency_ms, path.round_trips * latency_ms);
}

} // namespace

Result<double> run_catalog_bench(BenchEnvironment& environment, const CatalogBenchOptions& options) {
  engine::RunOptions run_options;
  run_options.concurrency = options.concurrency;
  run_options.per_host = options.per_host;

  std::printf("\n[1] whole catalog, conforming scenario, %d ms latency per call, concurrency %d, %d runs\n",
              options.latency_ms, options.concurrency, options.runs);
  TRY(environment.start(0));
  std::vector<double> floor_samples, floor_cpu;
  for (int i = 0; i < options.runs; ++i) {
    RunFigures figures = run_engine_once(environment, run_options);
    floor_samples.push_back(figures.wall_ms);
    floor_cpu.push_back(figures.cpu_ms);
  }
  std::vector<double> setup_samples;
  for (int i = 0; i < options.runs; ++i) {
    Stopwatch watch;
    engine::RunResources resources(environment.catalog(), environment.profile(), run_options);
    setup_samples.push_back(watch.elapsed_ms());
  }
  TRY(environment.start(options.latency_ms));
  engine::Plan plan = engine::build_plan(environment.catalog(), environment.profile(), {});
  std::vector<ChainStep> steps = chain_steps(plan);
  CriticalPath path = critical_path(steps);
  print_chain(steps, path, options.latency_ms);

  std::vector<double> samples, cpu_samples;
  for (int i = 0; i < options.runs; ++i) {
    RunFigures figures = run_engine_once(environment, run_options);
    cpu_samples.push_back(figures.cpu_ms);
    std::printf("  run %d: %.1f ms (process CPU %.1f ms), %d/%d automated criteria Ja (not:%s); slowest probes: %s\n",
                i + 1, figures.wall_ms, figures.cpu_ms, figures.passed, figures.automated, figures.not_ja.c_str(),
                figures.slowest.c_str());
    samples.push_back(figures.wall_ms);
  }
  environment.stop();

  double bound = path.round_trips * options.latency_ms;
  double wall = median(samples);
  std::printf("  RESULT wall (median) %.1f ms; lower bound %.0f ms; ratio %.2f (target <= 1.25: %s)\n", wall, bound,
              wall / bound, wall / bound <= 1.25 ? "met" : "MISSED");
  std::printf("  process CPU per run (klarmeld + in-process fixture, both sides of every exchange): median %.1f ms "
              "on a machine with 2 shared cores\n",
              median(cpu_samples));
  std::printf("  same run with 0 ms latency (CPU + loopback floor): median %.1f ms wall, %.1f ms process CPU\n",
              median(floor_samples), median(floor_cpu));
  std::printf("  run setup alone (RunResources: PKCS#12, trust, HTTP client): median %.1f ms\n", median(setup_samples));
  return wall;
}

} // namespace klarmeld::bench
