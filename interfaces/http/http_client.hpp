// Blocking HTTP calls for probes. The engine's implementation funnels every call into one libcurl
// multi handle (connection reuse, TLS session reuse, per-host limits); probes just call perform().
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  bool client_certificate = true;       // present the system certificate (mutual TLS)
  bool idempotent = false;              // only idempotent requests are retried on transient errors
  std::chrono::milliseconds timeout{0}; // 0 = the run's default total timeout
  size_t max_response_bytes = 0;        // 0 = the run's default cap (16 MiB)
};

struct TlsFacts {
  std::string version;      // "TLSv1.3"
  std::string cipher;       // negotiated cipher suite
  std::string peer_subject; // server certificate subject
  std::string peer_issuer;
  std::string peer_not_after; // UTC ISO-8601
};

struct Response {
  long status = 0;
  Headers headers;
  std::string body;
  std::string effective_url;
  std::chrono::milliseconds elapsed{0};
  TlsFacts tls;

  // Case-insensitive header lookup; empty when absent.
  std::string header(const std::string& name) const;
};

// A transport failure (connect, TLS, timeout, reset, oversized) is an Error of kind Runtime whose
// code starts with "http." (http.connect, http.tls, http.timeout, http.reset, http.too-large …)
// and whose message names the URL.
class Client {
public:
  virtual ~Client() = default;
  virtual Result<Response> perform(const Request& request) = 0;
  // When a request to `host` (host_key) could start without waiting for the client's own per-host
  // limits, with `starting` more requests about to go first; nullopt: now. A scheduler asks this
  // before it gives a worker to a task for the host (engine/schedule). A client without limits: now.
  virtual std::optional<std::chrono::steady_clock::time_point> next_start(const std::string& /*host*/,
                                                                          int /*starting*/) const {
    return std::nullopt;
  }
  // Calls `listener` whenever a request's place among the client's limits is given back (empty: stop
  // calling). A client that calls it lets a scheduler wait for a full host without looking again
  // every few milliseconds; one without limits never calls it.
  virtual void on_place_freed(std::function<void()> /*listener*/) {}
  // Requests sent so far, by host_key (retries included); empty for a client that does not count.
  virtual std::map<std::string, int> requests_sent() const { return {}; }
};

} // namespace klarmeld::http
