// Benchmark 5 (issue #17, "Benchmark"): the Beskedfordeler probes' cost. The simulated BFO (a real
// rabbitmq-server behind the authenticating front) is started once; the whole catalog runs with it
// to give the BFO probes' share of the probe time, then the BFO interfaces alone for the CPU per
// probe; the round trips on each BFO criterion's chain come from the plan (critical_path.hpp).
#pragma once

#include "bench/engine/bench_environment.hpp"
#include "util/result.hpp"

namespace klarmeld::bench {

// Returns the median process CPU per BFO probe invocation (ms).
Result<double> run_bfo_probe_bench(BenchEnvironment& environment, int runs);

} // namespace klarmeld::bench
