// A TCP connection with a deadline, for probes that speak TLS through OpenSSL directly. The socket
// stays non-blocking: every wait on it goes through wait_socket, which ends at the deadline or when
// the run is cancelled, so no peer — silent, or feeding a byte every few seconds — can hold a probe.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "util/result.hpp"

namespace klarmeld::probes {

class Socket {
public:
  Socket() = default;
  explicit Socket(int fd) : m_fd(fd) {}
  ~Socket();
  Socket(Socket&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return m_fd; }

private:
  int m_fd = -1;
};

// When a network wait must end: an absolute deadline, and the run's cancel flag (may be empty).
struct WaitLimits {
  std::chrono::steady_clock::time_point deadline;
  std::function<bool()> cancelled;
};

enum class SocketWait { ready, timed_out, cancelled };

// Waits until fd is ready for `events` (POLLIN/POLLOUT), in short poll slices so a cancel is seen
// within a tenth of a second.
SocketWait wait_socket(int fd, short events, const WaitLimits& limits);

// Connects to host:port (every resolved address in turn) before limits.deadline; the socket stays
// non-blocking. Errors: tls.connect (refused, unresolvable, or no TCP connection in time),
// tls.cancelled.
Result<Socket> connect_with_timeout(const std::string& host, int port, const WaitLimits& limits);

} // namespace klarmeld::probes
