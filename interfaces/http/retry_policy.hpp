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
  std::chrono::milliseconds max_delay{5000}; // upper bound for backoff and Retry-After (a run: its --timeout)
};

// One retry about to happen, for the run's evidence (ClientOptions::on_retry).
struct RetryNote {
  std::string method;
  std::string url;
  int attempt = 0;                    // the retry's number, 1-based
  long status = 0;                    // the transient answer, 0 for a transport failure
  std::string retry_after;            // the header as the server sent it, empty when absent
  std::string error;                  // the transport failure's code and message, empty for an answer
  std::chrono::milliseconds delay{0}; // the wait before the retry
};

// Transient transport failures: a refused/unreachable connection or a reset.
bool is_transient_error(const Error& error);
// Transient answers: 429 Too Many Requests (RFC 6585 §4), 502, 503, 504.
bool is_transient_status(long status);

// Retry-After (RFC 9110 §10.2.3) as delay-seconds or as an HTTP-date. A date is measured from the
// response's own Date header when it has one (both stamped by the server's clock, so our clock's
// skew does not matter), else from the local clock; a date in the past means "now" (zero).
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           const std::string& date_header = {});

// The wait before retry number `attempt` (1-based): Retry-After when given, else exponential
// backoff; both bounded by policy.max_delay.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::milliseconds> retry_after);

} // namespace klarmeld::http
