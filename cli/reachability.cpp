#include "cli/reachability.hpp"

#include <cerrno>
#include <string>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "interfaces/http/url.hpp"

namespace klarmeld::cli {
namespace {

bool connects(const addrinfo* address, std::chrono::milliseconds timeout) {
  int fd = socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->ai_protocol);
  if (fd < 0) {
    return false;
  }
  bool ok = false;
  if (connect(fd, address->ai_addr, address->ai_addrlen) == 0) {
    ok = true;
  } else if (errno == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    if (poll(&waiting, 1, static_cast<int>(timeout.count())) == 1) {
      int error = 0;
      socklen_t length = sizeof error;
      ok = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }
  }
  close(fd);
  return ok;
}

bool reachable(const std::string& url, std::chrono::milliseconds timeout) {
  auto target = http::parse_url(url);
  if (!target) {
    return false;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (getaddrinfo(target->host.c_str(), std::to_string(target->port).c_str(), &hints, &addresses) != 0) {
    return false;
  }
  bool ok = false;
  for (addrinfo* address = addresses; address != nullptr && !ok; address = address->ai_next) {
    ok = connects(address, timeout);
  }
  freeaddrinfo(addresses);
  return ok;
}

} // namespace

bool any_reachable(const std::vector<std::string>& urls, std::chrono::milliseconds timeout) {
  for (const auto& url : urls) {
    if (reachable(url, timeout)) {
      return true;
    }
  }
  return false;
}

} // namespace klarmeld::cli
