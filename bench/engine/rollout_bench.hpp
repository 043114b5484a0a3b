// bench_engine --municipalities N (issue #19): one `check` over N municipalities against the
// simulator, and the same work as separate single-municipality runs for comparison.
#pragma once

#include "bench/engine/bench_environment.hpp"

namespace klarmeld::bench {

struct RolloutBenchOptions {
  int latency_ms = 50;
  int municipalities = 10;
  int concurrency = 16;
  int separate_sample = 5; // separate runs actually made; the rest is extrapolated (and said so)
};

Status run_rollout_bench(BenchEnvironment& environment, const RolloutBenchOptions& options);

} // namespace klarmeld::bench
