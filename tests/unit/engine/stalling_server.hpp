// A loopback TCP server that accepts and never finishes a handshake: it sends an optional greeting
// (an SSH banner, a TLS record header) and then nothing, or one more byte every `drip` — the servers
// that once kept a blocking SSL_connect alive for ever. Stops and closes everything when destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loopback_listener.hpp"

namespace klarmeld::test {

class StallingServer {
public:
  explicit StallingServer(std::string greeting = {}, std::chrono::milliseconds drip = std::chrono::milliseconds(0))
      : m_greeting(std::move(greeting)), m_drip(drip) {
    LoopbackListener listener = listen_on_loopback();
    m_listener = listener.socket;
    m_port = listener.port;
    m_thread = std::thread([this] { serve(); });
  }
  ~StallingServer() {
    m_stop = true;
    m_thread.join();
    for (int client : m_clients) {
      close(client);
    }
    close(m_listener);
  }
  StallingServer(const StallingServer&) = delete;
  StallingServer& operator=(const StallingServer&) = delete;

  int port() const { return m_port; }
  int connections() const { return m_accepted.load(); }

private:
  void serve() {
    auto next_drip = std::chrono::steady_clock::now() + m_drip;
    while (!m_stop) {
      pollfd entry{m_listener, POLLIN, 0};
      if (poll(&entry, 1, 20) == 1) {
        int client = accept(m_listener, nullptr, nullptr);
        if (client >= 0) {
          if (!m_greeting.empty()) {
            (void)!send(client, m_greeting.data(), m_greeting.size(), MSG_NOSIGNAL);
          }
          m_clients.push_back(client);
          ++m_accepted;
        }
      }
      if (m_drip.count() > 0 && std::chrono::steady_clock::now() >= next_drip) {
        for (int client : m_clients) {
          (void)!send(client, "", 1, MSG_NOSIGNAL); // one NUL byte
        }
        next_drip += m_drip;
      }
    }
  }

  std::string m_greeting;
  std::chrono::milliseconds m_drip;
  int m_listener = -1;
  int m_port = 0;
  std::vector<int> m_clients;
  std::atomic<int> m_accepted{0};
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

} // namespace klarmeld::test
