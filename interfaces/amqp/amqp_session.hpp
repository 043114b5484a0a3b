// An AMQP 0-9-1 session over TLS with SASL EXTERNAL carrying a SAML assertion, as Beskedfordeler
// clients log in (bfo_names.hpp), on rabbitmq-c 0.11 (bookworm's librabbitmq: <amqp.h> include
// names, EXTERNAL since commit a16ad45). Protocol code only: it reports what the broker said and
// judges nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "crypto/identity.hpp"
#include "util/result.hpp"

namespace klarmeld::amqp {

struct SessionSettings {
  std::string host;
  int port = 5671;
  std::string virtual_host;
  std::string ca_file;   // PEM trust anchors for the broker's certificate
  std::string assertion; // the SASL EXTERNAL response: the raw assertion XML (a secret: never logged)
  const crypto::Identity* client_identity = nullptr; // the TLS client certificate: the token's holder
  std::chrono::milliseconds timeout{10000};          // connect, TLS, login and each RPC
};

// One publish as a BFO sender makes it (kombit/bfo_infrastructureSamples-java,
// bf-client-example-app/src/main/java/dk/kombit/samples/beskedfordeler/amqp/AfsendBesked.java):
// to `exchange` with an empty routing key, mandatory, under publisher confirms, reply_to the direct
// reply-to pseudo-queue, a correlation_id and message_id, the token as header "token".
struct Publication {
  std::string exchange;
  std::string correlation_id;
  std::string message_id;
  std::string token; // the header "token": the assertion XML (a secret: never logged)
  std::string body;
  std::chrono::milliseconds reply_timeout{10000};
};

struct PublishOutcome {
  bool confirmed = false;  // basic.ack from the broker (publisher confirms)
  bool nacked = false;     // basic.nack
  bool returned = false;   // basic.return: mandatory and unroutable
  std::string return_text; // its reply code and text
  bool replied = false;    // a reply with our correlation_id arrived within the timeout
  std::string reply_body;  // the reply (StandardRetur XML)
  std::chrono::milliseconds reply_after{0};
};

struct QueueCounts {
  std::uint32_t messages = 0;
  std::uint32_t consumers = 0;
};

class Session {
public:
  // Connects and logs in. Error codes: amqp.connect (no TCP/TLS connection: runtime),
  // amqp.login-refused (the broker refused the login: 403 ACCESS_REFUSED, with its reply text),
  // amqp.login-failed (any other close during login, e.g. 541 INTERNAL_ERROR: not a judgement).
  static Result<std::unique_ptr<Session>> open(const SessionSettings& settings);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // queue.declare with passive = 1 (AMQP 0-9-1 §1.7.2.1): reads the counts without creating or
  // consuming anything. amqp.queue-not-found when the broker answers 404 NOT_FOUND.
  Result<QueueCounts> passive_declare(const std::string& queue);

  // confirm.select, basic.consume (no-ack) on amq.rabbitmq.reply-to, then the publish; waits for the
  // confirm and the reply until reply_timeout. Errors: amqp.publish (the channel or connection
  // failed, e.g. 404 for an unknown exchange, 403 for no write access).
  Result<PublishOutcome> publish_with_reply(const Publication& publication);

private:
  Session() = default;
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace klarmeld::amqp
