// An AMQP 0-9-1 session over TLS with SASL EXTERNAL carrying a SAML assertion, as Beskedfordeler
// clients log in (bfo_names.hpp), on rabbitmq-c 0.11 (bookworm's librabbitmq: <amqp.h> include
// names, EXTERNAL since commit a16ad45). Protocol code only: it reports what the broker said and
// judges nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "util/result.hpp"

namespace klarmeld::amqp {

struct SessionSettings {
  std::string host;
  int port = 5671;
  std::string virtual_host;
  std::string ca_file;   // PEM trust anchors for the broker's certificate
  std::string assertion; // the SASL EXTERNAL response: the raw assertion XML (a secret: never logged)
  std::chrono::milliseconds timeout{10000}; // connect, TLS, login and each RPC
};

struct QueueCounts {
  std::uint32_t messages = 0;
  std::uint32_t consumers = 0;
};

class Session {
public:
  // Connects and logs in. Error codes: amqp.connect (no TCP/TLS connection: runtime),
  // amqp.login-refused (the broker closed the connection during login, with its reply text).
  static Result<std::unique_ptr<Session>> open(const SessionSettings& settings);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // queue.declare with passive = 1 (AMQP 0-9-1 §1.7.2.1): reads the counts without creating or
  // consuming anything. amqp.queue-not-found when the broker answers 404 NOT_FOUND.
  Result<QueueCounts> passive_declare(const std::string& queue);

private:
  Session() = default;
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace klarmeld::amqp
