// http::Client on ONE libcurl multi handle driven by one background thread. Probes call perform()
// from worker threads and block until their transfer completes; the multi handle gives connection
// reuse (keep-alive) and per-host/total connection limits, a share handle TLS session reuse, and a
// HostLimiter caps requests in flight and per second per host and holds a host back after Retry-After.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crypto/handles.hpp"
#include "crypto/identity.hpp"
#include "interfaces/http/curl_handles.hpp"
#include "interfaces/http/host_limiter.hpp"
#include "interfaces/http/http_client.hpp"
#include "interfaces/http/retry_policy.hpp"

namespace klarmeld::http {

struct ClientOptions {
  long max_total_connections = 16;
  long max_host_connections = 8;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  size_t max_response_bytes = 16u << 20;
  RetryPolicy retry;
  HostLimits host_limits; // requests in flight and started per second, per host (host_limiter.hpp)
  // Told of every retry before its wait, on the requesting thread; must not throw.
  std::function<void(const RetryNote&)> on_retry;
  std::string ca_bundle_pem;                  // trust anchors (PEM); empty = the system store
  const crypto::Identity* identity = nullptr; // client certificate for mutual TLS; not owned
  const std::atomic<bool>* cancel = nullptr;  // set (e.g. by Ctrl-C): every transfer ends "http.cancelled"
};

class CurlMultiClient final : public Client {
public:
  explicit CurlMultiClient(ClientOptions options);
  ~CurlMultiClient() override;
  CurlMultiClient(const CurlMultiClient&) = delete;
  CurlMultiClient& operator=(const CurlMultiClient&) = delete;

  // Blocks the calling thread; retries idempotent requests on transient failures.
  Result<Response> perform(const Request& request) override;
  std::optional<std::chrono::steady_clock::time_point> next_start(const std::string& host,
                                                                  int starting) const override {
    return m_limiter.next_start(host, starting, std::chrono::steady_clock::now());
  }
  void on_place_freed(std::function<void()> listener) override { m_limiter.on_release(std::move(listener)); }
  std::map<std::string, int> requests_sent() const override { return m_limiter.started(); }

  // Ends every running and future transfer with "http.cancelled".
  void cancel_all();

  struct Transfer; // one easy handle in flight (curl_multi_client.cpp)
  // What a new connection's SSL_CTX gets (on_ssl_context): the trust store parsed once per client,
  // shared by reference, and the client certificate only for requests that ask for it.
  struct TlsSetup {
    X509_STORE* trust = nullptr;
    const crypto::Identity* identity = nullptr;
  };

private:
  Result<Response> perform_once(const Request& request, const std::string& host);
  // Sends the request once on the multi handle and waits for its end; `fresh_connection`: on a new
  // connection, not a pooled one.
  Result<std::shared_ptr<Transfer>> exchange(const Request& request, const std::string& host, bool fresh_connection);
  void note_retry(const Request& request, const Result<Response>& outcome, int attempt,
                  std::chrono::milliseconds delay);
  bool wait_before_retry(std::chrono::milliseconds delay);
  // Waits for the transfer's end, off the run's CPU, telling the task when it is under way.
  void wait_for(Transfer& transfer);
  bool cancelled() const;
  void event_loop();
  void adopt_pending();
  void note_under_way();
  void collect_finished();
  void abort_all(const std::string& code);
  void configure(Transfer& transfer, const Request& request, bool fresh_connection);

  ClientOptions m_options;
  HostLimiter m_limiter;
  crypto::X509StorePtr m_trust;
  TlsSetup m_tls_anonymous;
  TlsSetup m_tls_with_certificate;
  CurlMultiPtr m_multi;
  CurlSharePtr m_share;
  std::mutex m_share_locks[CURL_LOCK_DATA_LAST];

  std::mutex m_mutex;
  std::condition_variable m_retry_wait;
  std::deque<std::shared_ptr<Transfer>> m_pending; // handed over by perform(), not yet in the multi handle
  std::vector<std::shared_ptr<Transfer>> m_active; // owned by the event loop thread
  bool m_stopping = false;
  std::atomic<bool> m_cancelled{false};
  std::thread m_thread;

  static void lock_share(CURL* easy, curl_lock_data data, curl_lock_access access, void* self);
  static void unlock_share(CURL* easy, curl_lock_data data, void* self);
};

} // namespace klarmeld::http
