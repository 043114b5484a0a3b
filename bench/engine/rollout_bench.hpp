// bench_engine --municipalities N (issue #19): one `check` over N municipalities against the
// simulator, and the same work as separate single-municipality runs (options.runs of them, the rest
// extrapolated and said so) for comparison.
#pragma once

#include "bench/engine/catalog_bench.hpp"

namespace klarmeld::bench {

Status run_rollout_bench(BenchEnvironment& environment, const CatalogBenchOptions& options, int municipalities);

} // namespace klarmeld::bench
