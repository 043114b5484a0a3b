// How a check runs: parallelism, limits, selection, cancellation and where progress goes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace klarmeld::engine {

class ProgressSink;

// What spares KOMBIT's shared test environments is the limit per host (issue #19: "a global per-host
// limit and rate limit"): no host sees more than 16 requests in flight, as before session 15, when
// the per-host default was the concurrency, 16. The total is the client's own limit (requests built,
// signed and waiting at once); twice the per-host limit lets a rollout keep the STS and a service
// platform busy at the same time instead of taking turns (docs/performance.md §6, session 15).
inline constexpr int default_per_host = 16;
inline constexpr int default_concurrency = 2 * default_per_host;

struct RunOptions {
  int concurrency = default_concurrency; // requests in flight in all; the runner's workers are this plus one per core
  int per_host = default_per_host;       // connections and requests in flight per host; 0 = as many as concurrency
  double rate = 0; // requests started per second per host (token bucket, one second's burst); 0 = no limit
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000}; // per HTTP transfer
  int retries = 2;                                // for idempotent requests on transient errors
  std::vector<std::string> only;                  // interface ids (--only); empty = all
  std::string evidence_dir;                       // --evidence DIR: full (redacted) exchanges
  ProgressSink* progress = nullptr;               // not owned; may be null
  const std::atomic<bool>* cancel = nullptr;      // set by the caller's SIGINT handler
  size_t max_response_bytes = 16u << 20;
};

} // namespace klarmeld::engine
