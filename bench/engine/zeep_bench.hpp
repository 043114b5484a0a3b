// Benchmark 4: the whole catalog's token-and-call work as a vendor would script it in Python (zeep's
// transport + python-xmlsec; bench/engine/zeep_client.py: every sts.issue, soap.call, rest.call,
// sts.protected, saml.metadata and saml.slo criterion, a new token each, sequentially), against the
// same fixture in the same run as the real `klarmeld check` binary and the in-process engine.
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
