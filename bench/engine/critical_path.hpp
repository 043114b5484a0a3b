// The critical-path lower bound of a run: the longest chain of round trips that must happen one
// after another, from the plan and the number of sequential calls each probe makes.
#pragma once

#include <string>
#include <vector>

#include "engine/plan.hpp"

namespace klarmeld::bench {

struct ChainStep {
  std::string criterion_id;
  std::string probe;   // type[/variant|case|operation]
  int token_calls = 0; // round trips before the probe can start (STS, AccessTokenService)
  int probe_calls = 0; // the probe's own sequential round trips
  int total() const { return token_calls + probe_calls; }
};

// One step per invocation: the token requests from the plan, the probe's own from the probe
// (Probe::sequential_requests, next to each probe's code). A tls probe makes no request: the
// fixture injects latency into HTTP handlers, not into handshakes.
std::vector<ChainStep> chain_steps(const engine::Plan& plan);

struct CriticalPath {
  int round_trips = 0; // the longest dependent chain of any single criterion
  std::string longest; // which criterion
};
CriticalPath critical_path(const std::vector<ChainStep>& steps);

} // namespace klarmeld::bench
