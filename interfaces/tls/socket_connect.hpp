// A TCP connection with a connect timeout, for probes that speak TLS through OpenSSL directly.
#pragma once

#include <chrono>
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

// Connects to host:port (every resolved address in turn); reads and writes then time out after
// `timeout` too, so a stalled peer cannot hang a probe.
Result<Socket> connect_with_timeout(const std::string& host, int port, std::chrono::milliseconds timeout);

} // namespace klarmeld::probes
