// bench_engine --municipalities N (issue #19): one `check` over N municipalities against the
// simulator, and the same work as N separate `klarmeld check` processes (options.runs of them, the
// rest extrapolated and said so) for comparison. `rate`: requests started per second per host, as
// `klarmeld check --rate` (default 20; 0 = none), applied to both and part of the bound. The engine's
// rollout runs `rollouts` times; its ratio to the bound is the median, printed with the spread.
#pragma once

#include "bench/engine/catalog_bench.hpp"

namespace klarmeld::bench {

Status run_rollout_bench(BenchEnvironment& environment, const CatalogBenchOptions& options, int municipalities,
                         double rate = 20, int rollouts = 3);

} // namespace klarmeld::bench
