#include "cli/reachability.hpp"

#include <cerrno>
#include <string_view>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace klarmeld::cli {
namespace {

struct HostPort {
  std::string host;
  std::string port;
};

HostPort split_url(std::string_view url) {
  HostPort target;
  std::string_view rest = url;
  std::string default_port = "443";
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    std::string_view name = rest.substr(0, scheme);
    default_port = name == "http" ? "80" : name == "sftp" ? "22" : "443";
    rest.remove_prefix(scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') { // IPv6 literal
    auto close = rest.find(']');
    target.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
  } else {
    auto colon = rest.find(':');
    target.host = std::string(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon);
  }
  target.port = !rest.empty() && rest.front() == ':' ? std::string(rest.substr(1)) : default_port;
  return target;
}

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
  HostPort target = split_url(url);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (target.host.empty() || getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &addresses) != 0) {
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
