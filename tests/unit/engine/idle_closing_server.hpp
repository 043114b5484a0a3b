// A loopback HTTP/1.1 server that closes a kept-alive connection the moment the client reuses it:
// the race between a server's keep-alive timeout and a client picking that idle connection for its
// next request, made certain. The first connection answers `answered_first` requests (keep-alive).
// Then, by `close`: `AsRequestArrives` closes it unread when the next request's first bytes arrive —
// a FIN, then the RST that unread data gets (tcp(7)) — so a client still sending that request fails
// to send it; `ResetAfterRequest` reads the next request whole and resets the connection, so the
// client fails to read an answer. Every later connection reads one whole request and, by `later`,
// answers "again" and closes, or never answers (until the client gives up or the server stops).
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loopback_listener.hpp"

namespace klarmeld::test {

class IdleClosingServer {
public:
  enum class Close { AsRequestArrives, ResetAfterRequest };
  enum class Later { Answer, Silent };

  explicit IdleClosingServer(int answered_first, Close close = Close::AsRequestArrives, Later later = Later::Answer)
      : m_answered_first(answered_first), m_close(close), m_later(later) {
    LoopbackListener listener = listen_on_loopback();
    m_listener = listener.socket;
    m_port = listener.port;
    m_thread = std::thread([this] { serve(); });
  }
  ~IdleClosingServer() {
    m_stop = true;
    m_thread.join();
    close(m_listener);
  }
  IdleClosingServer(const IdleClosingServer&) = delete;
  IdleClosingServer& operator=(const IdleClosingServer&) = delete;

  int port() const { return m_port; }
  int connections() const { return m_accepted.load(); }
  // The size of each request body the server read whole, in order.
  std::vector<size_t> bodies() {
    std::lock_guard lock(m_mutex);
    return m_bodies;
  }

private:
  // Waits (bounded, stoppable) until `fd` is readable; false on stop or after 5 s.
  bool readable(int fd) {
    for (int waited_ms = 0; !m_stop && waited_ms < 5000; waited_ms += 20) {
      pollfd entry{fd, POLLIN, 0};
      if (poll(&entry, 1, 20) == 1) {
        return true;
      }
    }
    return false;
  }

  std::optional<int> next_connection() {
    if (!readable(m_listener)) {
      return std::nullopt;
    }
    int client = accept(m_listener, nullptr, nullptr);
    if (client < 0) {
      return std::nullopt;
    }
    ++m_accepted;
    return client;
  }

  // Reads one request (head and Content-Length body).
  bool read_request(int fd) {
    std::string data;
    size_t head_end = std::string::npos;
    size_t body_length = 0;
    char buffer[65536];
    while (head_end == std::string::npos || data.size() < head_end + body_length) {
      if (!readable(fd)) {
        return false;
      }
      ssize_t got = recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) {
        return false;
      }
      data.append(buffer, static_cast<size_t>(got));
      if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos) {
        head_end += 4;
        for (size_t line = data.find("\r\n") + 2; line < head_end - 2; line = data.find("\r\n", line) + 2) {
          constexpr const char* name = "content-length:";
          if (strncasecmp(data.c_str() + line, name, 15) == 0) {
            body_length = std::stoul(data.substr(line + 15, data.find("\r\n", line) - line - 15));
          }
        }
      }
    }
    std::lock_guard lock(m_mutex);
    m_bodies.push_back(body_length);
    return true;
  }

  // Reads one request and answers `text`, keeping the connection.
  bool exchange(int fd, const std::string& text) {
    if (!read_request(fd)) {
      return false;
    }
    const std::string answer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(text.size()) + "\r\n\r\n" +
        text;
    return send(fd, answer.data(), answer.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(answer.size());
  }

  void serve() {
    std::optional<int> first = next_connection();
    if (!first) {
      return;
    }
    bool kept = true;
    for (int i = 0; kept && i < m_answered_first; ++i) {
      kept = exchange(*first, "first");
    }
    if (kept && m_close == Close::AsRequestArrives && readable(*first)) {
      shutdown(*first, SHUT_WR); // the FIN of an idle timeout …
    }
    if (kept && m_close == Close::ResetAfterRequest && read_request(*first)) {
      linger reset{1, 0};
      setsockopt(*first, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
    close(*first); // … and, with the request unread, the RST; or the RST of a zero linger
    while (!m_stop) {
      if (std::optional<int> next = next_connection()) {
        if (m_later == Later::Answer) {
          exchange(*next, "again");
        } else if (read_request(*next)) {
          readable(*next); // until the client closes it, the server stops, or 5 s
        }
        close(*next);
      }
    }
  }

  int m_answered_first;
  Close m_close;
  Later m_later;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<int> m_accepted{0};
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  std::vector<size_t> m_bodies;
  std::thread m_thread;
};

} // namespace klarmeld::test
