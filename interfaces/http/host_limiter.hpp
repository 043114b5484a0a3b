// Per-host limits for one HTTP client, so that a run does not hammer a shared test environment:
// at most `max_in_flight` requests under way to one host, at most `requests_per_second` started
// (a token bucket holding `burst` tokens), and none before a pause a 429/503's Retry-After asked
// for (RFC 9110 §10.2.3, RFC 6585 §4) has passed. A host is scheme://host:port, as libcurl pools
// connections. The limits hold across every thread of the client, so across everything one run
// checks (all municipalities included).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace klarmeld::http {

struct HostLimits {
  int max_in_flight = 0;          // 0: no limit of our own (libcurl's connection limit still holds)
  double requests_per_second = 0; // 0: no rate limit
  int burst = 0;                  // bucket size; 0: one second's worth (at least 1)
  // Requests under way to all hosts together; 0: none of its own. The engine sets its concurrency
  // here and runs a few more workers than that, so that building and signing the next requests
  // overlaps the requests in flight instead of taking their place (engine/runner.cpp).
  int max_total_in_flight = 0;
};

class HostLimiter {
public:
  using SteadyClock = std::chrono::steady_clock;

  explicit HostLimiter(HostLimits limits);
  HostLimiter(const HostLimiter&) = delete;
  HostLimiter& operator=(const HostLimiter&) = delete;

  // One request's place among the host's in-flight requests; given back on destruction.
  class Slot {
  public:
    Slot(HostLimiter* owner, std::string host) : m_owner(owner), m_host(std::move(host)) {}
    Slot(Slot&& other) noexcept : m_owner(other.m_owner), m_host(std::move(other.m_host)) { other.m_owner = nullptr; }
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

  private:
    HostLimiter* m_owner;
    std::string m_host;
  };

  // The slot at once, or nullopt when the host's limits say wait.
  std::optional<Slot> try_acquire(const std::string& host);
  // Waits until `host` may take one more request; nullopt when `stop` turns true first (asked at
  // least every 50 ms, so an external cancel flag that cannot notify is seen promptly).
  std::optional<Slot> acquire(const std::string& host, const std::function<bool()>& stop);

  // When one more request to `host` could start, if `starting` others are about to take their slots
  // first (a scheduler's tasks started for the host that have not reached it yet): nullopt at once,
  // else the moment its limits allow it — `SteadyClock::time_point::max()` while in-flight requests
  // fill it (a release frees it). Takes nothing: a scheduler asks before it gives a worker to a task
  // for the host, so that no worker waits here while a task for another host could run.
  std::optional<SteadyClock::time_point> next_start(const std::string& host, int starting,
                                                    SteadyClock::time_point now) const;

  // Starts no request to `host` before `until` (a Retry-After); a later pause never shortens one.
  void pause(const std::string& host, SteadyClock::time_point until);

  // Wakes every waiter to ask its `stop` again (cancel, shutdown).
  void wake_all();

  // Calls `listener` each time a request's place is given back (after the limiter's lock is let go,
  // on the thread that gave it back: usually the client's event loop); empty: nobody. A scheduler
  // holding a task while its host is full (next_start: time_point::max()) learns of the free place at
  // once instead of at its next look (engine/task_pool). Once this returns, the previous listener is
  // not running and will not be called again.
  void on_release(std::function<void()> listener);

  // Requests started so far, by host (each slot taken: retries count again).
  std::map<std::string, int> started() const;

  const HostLimits& limits() const { return m_limits; }

private:
  struct Host {
    int in_flight = 0;
    double tokens = 0;
    SteadyClock::time_point refilled{};
    SteadyClock::time_point paused_until{};
    int started = 0;
  };
  // Takes the slot and a token when both are free (and the total has room), else says when to look again.
  bool try_take(Host& host, SteadyClock::time_point now, SteadyClock::time_point& retry_at);
  // When one more request may start (nullopt: now); the one statement of the rules try_take and
  // next_start apply.
  std::optional<SteadyClock::time_point> earliest_start(const Host& state, int starting, bool count_total,
                                                        SteadyClock::time_point now) const;
  void release(const std::string& host);
  double tokens_at(const Host& host, SteadyClock::time_point now) const; // the bucket after refilling

  HostLimits m_limits;
  double m_bucket_size = 1;
  int m_total_in_flight = 0; // across all hosts (max_total_in_flight)
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::map<std::string, Host> m_hosts;
  std::mutex m_listener_mutex; // held while the listener runs, so that on_release can replace it safely
  std::function<void()> m_listener;
};

struct Url;

// scheme://host:port of a URL (the limiter's key); the URL itself when it does not parse.
std::string host_key(const std::string& url);
std::string host_key(const Url& parsed); // for a caller that has parsed the URL already

} // namespace klarmeld::http
