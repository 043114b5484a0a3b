// A listening TCP socket on 127.0.0.1 at a port the kernel picks: the start of the raw-socket test
// servers (stalling_server.hpp, idle_closing_server.hpp), which speak less than a whole protocol.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace klarmeld::test {

struct LoopbackListener {
  int socket = -1;
  int port = 0;
};

inline LoopbackListener listen_on_loopback() {
  LoopbackListener listener;
  listener.socket = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listener.socket, reinterpret_cast<sockaddr*>(&address), sizeof address);
  listen(listener.socket, 16);
  socklen_t length = sizeof address;
  getsockname(listener.socket, reinterpret_cast<sockaddr*>(&address), &length);
  listener.port = ntohs(address.sin_port);
  return listener;
}

} // namespace klarmeld::test
