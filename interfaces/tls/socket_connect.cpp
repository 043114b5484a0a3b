#include "interfaces/tls/socket_connect.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace klarmeld::probes {
namespace {

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

bool wait_connected(int fd, std::chrono::milliseconds timeout) {
  pollfd entry{fd, POLLOUT, 0};
  if (poll(&entry, 1, static_cast<int>(timeout.count())) != 1) {
    return false;
  }
  int error = 0;
  socklen_t length = sizeof error;
  return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
}

void set_io_timeouts(int fd, std::chrono::milliseconds timeout) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);
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

Result<Socket> connect_with_timeout(const std::string& host, int port, std::chrono::milliseconds timeout) {
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
    Socket socket(::socket(address->ai_family, address->ai_socktype, address->ai_protocol));
    if (socket.fd() < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int flags = fcntl(socket.fd(), F_GETFL, 0);
    fcntl(socket.fd(), F_SETFL, flags | O_NONBLOCK);
    int result = connect(socket.fd(), address->ai_addr, address->ai_addrlen);
    if (result != 0 && (errno != EINPROGRESS || !wait_connected(socket.fd(), timeout))) {
      last_error = result != 0 && errno != EINPROGRESS ? std::strerror(errno) : "connection refused or timed out";
      continue;
    }
    fcntl(socket.fd(), F_SETFL, flags);
    set_io_timeouts(socket.fd(), timeout);
    return socket;
  }
  return runtime_error("tls.connect", host + ":" + service + ": cannot connect: " + last_error);
}

} // namespace klarmeld::probes
