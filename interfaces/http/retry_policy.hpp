// When a request may be tried again, and how long to wait first. Only idempotent requests are
// retried (RFC 9110 §9.2.2): a POST that timed out may already have been acted on.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "interfaces/http/http_client.hpp"

namespace klarmeld::http {

struct RetryPolicy {
  int max_retries = 2;                       // attempts after the first
  std::chrono::milliseconds base_delay{200}; // doubled per attempt
  std::chrono::milliseconds max_delay{5000}; // upper bound for backoff and Retry-After
};

// Transient transport failures: a refused/unreachable connection or a reset.
bool is_transient_error(const Error& error);
// Transient answers: 429 Too Many Requests (RFC 6585 §4), 502, 503, 504.
bool is_transient_status(long status);

// Retry-After as delay-seconds (RFC 9110 §10.2.3); HTTP-dates are not honoured (rare, and the
// clock skew would make them unreliable) — the caller falls back to backoff.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value);

// The wait before retry number `attempt` (1-based): Retry-After when given, else exponential
// backoff; both bounded by policy.max_delay.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::milliseconds> retry_after);

} // namespace klarmeld::http
