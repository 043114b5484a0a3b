// How a check runs: parallelism, limits, selection, cancellation and where progress goes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace klarmeld::engine {

class ProgressSink;

struct RunOptions {
  int concurrency = 16; // worker threads running probes
  int per_host = 0;     // connections and requests in flight per host; 0 = as many as concurrency
  double rate = 0;      // requests started per second per host (token bucket, one second's burst); 0 = no limit
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
