// The real `klarmeld check` in a child process (process start included), against the bench's
// profile, with its outputs and terminal text in the bench's private directory. The PKCS#12 password
// variable is inherited, never passed as an argument.
#pragma once

#include <string>
#include <vector>

#include "bench/engine/bench_environment.hpp"

namespace klarmeld::bench {

struct BinaryRun {
  double wall_ms = 0;
  int exit_code = -1; // -1: not started or not exited normally
  double cpu_ms = 0;  // the child's user + system time (wait4)
};

// `extra`: further arguments (--only …, --kommune …, --rate …); `stem`: the outputs' file stem in the
// private directory (klarmeld-check.xlsx, .json, .log).
BinaryRun run_klarmeld_binary(const BenchEnvironment& environment, const std::vector<std::string>& extra = {},
                              const std::string& stem = "klarmeld-check");

} // namespace klarmeld::bench
