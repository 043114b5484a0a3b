// Benchmark 4: the catalog's STS-token + OIOIDWS call sequence as a vendor would script it in Python
// (zeep's transport + python-xmlsec; bench/engine/zeep_client.py), against the same fixture in the
// same run as klarmeld's whole-catalog check.
#pragma once

#include "bench/engine/bench_environment.hpp"

namespace klarmeld::bench {

struct ZeepBenchOptions {
  int latency_ms = 50;
  int runs = 3;
  std::string python = "/usr/bin/python3"; // Debian's, where python3-zeep and python3-xmlsec live
};

Status run_zeep_bench(BenchEnvironment& environment, const ZeepBenchOptions& options);

} // namespace klarmeld::bench
