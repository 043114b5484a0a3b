#include "interfaces/tls/socket_connect.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace klarmeld::probes {
namespace {

// How often a wait looks at the cancel flag (a signal handler cannot wake poll() in another thread).
constexpr std::chrono::milliseconds cancel_slice{100};

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

// The outcome of a non-blocking connect: 0, or the errno it ended with.
int connect_error(int fd) {
  int error = 0;
  socklen_t length = sizeof error;
  return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 ? error : errno;
}

} // namespace

Socket::~Socket() {
  if (m_fd >= 0) {
    close(m_fd);
  }
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) {
      close(m_fd);
    }
    m_fd = other.m_fd;
    other.m_fd = -1;
  }
  return *this;
}

SocketWait wait_socket(int fd, short events, const WaitLimits& limits) {
  for (;;) {
    if (limits.cancelled && limits.cancelled()) {
      return SocketWait::cancelled;
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(limits.deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return SocketWait::timed_out;
    }
    pollfd entry{fd, events, 0};
    int ready = poll(&entry, 1, static_cast<int>(std::min(left, cancel_slice).count()) + 1);
    if (ready > 0) {
      return SocketWait::ready; // readable, writable, or an error/hang-up the caller's next call reports
    }
    if (ready < 0 && errno != EINTR) {
      return SocketWait::ready; // let the caller's own call report the socket's error
    }
  }
}

Result<Socket> connect_with_timeout(const std::string& host, int port, const WaitLimits& limits) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int status = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); status != 0) {
    return runtime_error("tls.connect", host + ":" + service + ": cannot resolve host: " + gai_strerror(status));
  }
  std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);
  std::string last_error = "no address";
  for (addrinfo* address = addresses.get(); address != nullptr; address = address->ai_next) {
    Socket socket(
        ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->ai_protocol));
    if (socket.fd() < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    if (connect(socket.fd(), address->ai_addr, address->ai_addrlen) == 0) {
      return socket;
    }
    if (errno != EINPROGRESS) {
      last_error = std::strerror(errno);
      continue;
    }
    switch (wait_socket(socket.fd(), POLLOUT, limits)) {
    case SocketWait::cancelled:
      return runtime_error("tls.cancelled", host + ":" + service + ": cancelled");
    case SocketWait::timed_out:
      last_error = "no TCP connection before the timeout";
      continue;
    case SocketWait::ready:
      if (int error = connect_error(socket.fd()); error != 0) {
        last_error = std::strerror(error);
        continue;
      }
      return socket;
    }
  }
  return runtime_error("tls.connect", host + ":" + service + ": cannot connect: " + last_error);
}

} // namespace klarmeld::probes
