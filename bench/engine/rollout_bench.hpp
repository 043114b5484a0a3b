// bench_engine --municipalities N (issue #19): one `check` over N municipalities against the
// simulator, and the same work as N separate `klarmeld check` processes (options.runs of them, the
// rest extrapolated and said so) for comparison. `rate`: requests started per second per host, as
// `klarmeld check --rate` (default 20; 0 = none), applied to both and part of the bound.
#pragma once

#include "bench/engine/catalog_bench.hpp"

namespace klarmeld::bench {

Status run_rollout_bench(BenchEnvironment& environment, const CatalogBenchOptions& options, int municipalities,
                         double rate = 20);

} // namespace klarmeld::bench
