#include "interfaces/http/host_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "interfaces/http/url.hpp"
#include "util/task_context.hpp"

namespace klarmeld::http {

HostLimiter::HostLimiter(HostLimits limits) : m_limits(limits) {
  if (m_limits.requests_per_second > 0) {
    m_bucket_size = m_limits.burst > 0 ? m_limits.burst : std::max(1.0, std::floor(m_limits.requests_per_second));
  }
}

HostLimiter::Slot::~Slot() {
  if (m_owner != nullptr) {
    m_owner->release(m_host);
  }
}

HostLimiter::Slot& HostLimiter::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (m_owner != nullptr) {
      m_owner->release(m_host);
    }
    m_owner = std::exchange(other.m_owner, nullptr);
    m_host = std::move(other.m_host);
  }
  return *this;
}

bool HostLimiter::try_take(Host& host, SteadyClock::time_point now, SteadyClock::time_point& retry_at) {
  if (std::optional<SteadyClock::time_point> at = earliest_start(host, 0, true, now)) {
    retry_at = *at;
    return false;
  }
  if (m_limits.requests_per_second > 0) {
    host.tokens = tokens_at(host, now) - 1;
    host.refilled = now;
  }
  ++host.in_flight;
  ++host.started;
  ++m_total_in_flight;
  return true;
}

double HostLimiter::tokens_at(const Host& host, SteadyClock::time_point now) const {
  if (host.refilled == SteadyClock::time_point{}) {
    return m_bucket_size; // a host seen for the first time starts with a full bucket
  }
  std::chrono::duration<double> elapsed = now - host.refilled;
  return std::min(m_bucket_size, host.tokens + elapsed.count() * m_limits.requests_per_second);
}

// The host's rules in their order: a Retry-After pause first, then the places in flight (the host's;
// all hosts' only when `count_total`), then the token bucket with `starting` tokens spoken for.
std::optional<HostLimiter::SteadyClock::time_point>
HostLimiter::earliest_start(const Host& state, int starting, bool count_total, SteadyClock::time_point now) const {
  std::optional<SteadyClock::time_point> at;
  if (now < state.paused_until) {
    at = state.paused_until;
  }
  if ((m_limits.max_in_flight > 0 && state.in_flight + starting >= m_limits.max_in_flight) ||
      (count_total && m_limits.max_total_in_flight > 0 && m_total_in_flight >= m_limits.max_total_in_flight)) {
    return SteadyClock::time_point::max(); // a release notifies
  }
  if (m_limits.requests_per_second > 0) {
    // Tokens keep accruing during a pause; what counts is the bucket when the request may go.
    const SteadyClock::time_point from = at ? *at : now;
    double missing = 1 + starting - tokens_at(state, from);
    if (missing > 0) {
      std::chrono::duration<double> wait(missing / m_limits.requests_per_second);
      at = from + std::chrono::duration_cast<SteadyClock::duration>(wait) + std::chrono::microseconds(1);
    }
  }
  return at;
}

// Without the total in flight: a scheduler starts a task whose host has room even while all hosts'
// places are taken, so that its request is prepared (signed) while others are under way and waits in
// the client for a place (engine/runner.cpp, docs/performance.md §6).
std::optional<HostLimiter::SteadyClock::time_point> HostLimiter::next_start(const std::string& host, int starting,
                                                                            SteadyClock::time_point now) const {
  std::lock_guard lock(m_mutex);
  auto found = m_hosts.find(host);
  const Host state = found == m_hosts.end() ? Host{} : found->second;
  return earliest_start(state, std::max(0, starting), false, now);
}

std::optional<HostLimiter::Slot> HostLimiter::try_acquire(const std::string& host) {
  std::lock_guard lock(m_mutex);
  SteadyClock::time_point retry_at;
  if (try_take(m_hosts[host], SteadyClock::now(), retry_at)) {
    return Slot(this, host);
  }
  return std::nullopt;
}

std::optional<HostLimiter::Slot> HostLimiter::acquire(const std::string& host, const std::function<bool()>& stop) {
  std::unique_lock lock(m_mutex);
  Host& state = m_hosts[host];
  for (;;) {
    if (stop && stop()) {
      return std::nullopt;
    }
    auto now = SteadyClock::now();
    SteadyClock::time_point retry_at;
    if (try_take(state, now, retry_at)) {
      return Slot(this, host);
    }
    m_changed.wait_until(lock, std::min(retry_at, now + std::chrono::milliseconds(50)));
    util::add_time_held_back(SteadyClock::now() - now); // not the criterion's own time (engine/runner.cpp)
  }
}

void HostLimiter::pause(const std::string& host, SteadyClock::time_point until) {
  std::lock_guard lock(m_mutex);
  Host& state = m_hosts[host];
  state.paused_until = std::max(state.paused_until, until);
}

void HostLimiter::wake_all() {
  std::lock_guard lock(m_mutex);
  m_changed.notify_all();
}

std::map<std::string, int> HostLimiter::started() const {
  std::lock_guard lock(m_mutex);
  std::map<std::string, int> counts;
  for (const auto& [host, state] : m_hosts) {
    if (state.started > 0) {
      counts[host] = state.started;
    }
  }
  return counts;
}

void HostLimiter::on_release(std::function<void()> listener) {
  std::lock_guard lock(m_listener_mutex);
  m_listener = std::move(listener);
}

void HostLimiter::release(const std::string& host) {
  {
    std::lock_guard lock(m_mutex);
    auto found = m_hosts.find(host);
    if (found != m_hosts.end() && found->second.in_flight > 0) {
      --found->second.in_flight;
      --m_total_in_flight;
    }
    m_changed.notify_all();
  }
  // Outside m_mutex: the listener may ask next_start.
  std::lock_guard lock(m_listener_mutex);
  if (m_listener) {
    m_listener();
  }
}

std::string host_key(const std::string& url) {
  auto parsed = parse_url(url);
  if (!parsed) {
    return url;
  }
  return host_key(*parsed);
}

std::string host_key(const Url& parsed) {
  return parsed.scheme + "://" + parsed.host + ":" + std::to_string(parsed.port);
}

} // namespace klarmeld::http
