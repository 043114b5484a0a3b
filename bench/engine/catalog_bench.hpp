// Benchmark 1: the whole catalog against the fixture with latency injected on every endpoint, at
// concurrency 16 — wall time against the critical-path lower bound.
#pragma once

#include "bench/engine/bench_environment.hpp"

namespace klarmeld::bench {

struct CatalogBenchOptions {
  int latency_ms = 50;
  int runs = 5;
  int concurrency = 16;
};

// Prints the figures; returns the median wall time of run_check in ms (or an error).
Result<double> run_catalog_bench(BenchEnvironment& environment, const CatalogBenchOptions& options);

} // namespace klarmeld::bench
