// Benchmark 1: the whole catalog against the fixture with latency injected on every endpoint, at
// `klarmeld check`'s default limits — wall time against the critical-path lower bound.
#pragma once

#include "bench/engine/bench_environment.hpp"
#include "engine/run_options.hpp"

namespace klarmeld::bench {

struct CatalogBenchOptions {
  int latency_ms = 50;
  int runs = 5;
  int concurrency = engine::default_concurrency; // --concurrency: requests in flight in all
  int per_host = engine::default_per_host;       // --per-host: requests in flight per host
};

// Prints the figures; returns the median wall time of run_check in ms (or an error).
Result<double> run_catalog_bench(BenchEnvironment& environment, const CatalogBenchOptions& options);

} // namespace klarmeld::bench
