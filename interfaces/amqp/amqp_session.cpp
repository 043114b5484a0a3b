#include "interfaces/amqp/amqp_session.hpp"

#include <amqp.h>
#include <amqp_ssl_socket.h>

#include "crypto/tls_identity.hpp"
#include "interfaces/amqp/bfo_names.hpp"
#include "util/task_context.hpp"

namespace klarmeld::amqp {

struct Session::State {
  amqp_connection_state_t connection = nullptr;
  bool channel_open = false;
  bool publishing = false; // confirm.select and the direct reply-to consume done (once per channel)
  ~State() {
    if (connection != nullptr) {
      if (channel_open) {
        amqp_channel_close(connection, 1, AMQP_REPLY_SUCCESS);
      }
      amqp_connection_close(connection, AMQP_REPLY_SUCCESS);
      amqp_destroy_connection(connection);
    }
  }
};

namespace {

std::string text_of(amqp_bytes_t bytes) {
  return std::string(static_cast<const char*>(bytes.bytes), bytes.len);
}

// What the broker (or the library) said, in one line.
std::string describe(const amqp_rpc_reply_t& reply, std::uint16_t* code = nullptr) {
  switch (reply.reply_type) {
  case AMQP_RESPONSE_SERVER_EXCEPTION:
    if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
      const auto* close = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
      if (code != nullptr) {
        *code = close->reply_code;
      }
      return std::to_string(close->reply_code) + " " + text_of(close->reply_text);
    }
    if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
      const auto* close = static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
      if (code != nullptr) {
        *code = close->reply_code;
      }
      return std::to_string(close->reply_code) + " " + text_of(close->reply_text);
    }
    return "server exception";
  case AMQP_RESPONSE_LIBRARY_EXCEPTION:
    return amqp_error_string2(reply.library_error);
  default:
    return "no reply";
  }
}

amqp_bytes_t bytes_of(const std::string& text) {
  return amqp_bytes_t{text.size(), const_cast<char*>(text.data())};
}

timeval to_timeval(std::chrono::milliseconds duration) {
  return timeval{static_cast<time_t>(duration.count() / 1000),
                 static_cast<suseconds_t>((duration.count() % 1000) * 1000)};
}

} // namespace

Result<std::unique_ptr<Session>> Session::open(const SessionSettings& settings) {
  std::unique_ptr<Session> session(new Session());
  session->m_state = std::make_unique<State>();
  amqp_connection_state_t connection = amqp_new_connection();
  session->m_state->connection = connection;
  timeval timeout = to_timeval(settings.timeout);
  amqp_set_handshake_timeout(connection, &timeout);
  amqp_set_rpc_timeout(connection, &timeout);
  amqp_socket_t* socket = amqp_ssl_socket_new(connection);
  if (socket == nullptr) {
    return internal_error("amqp.tls", "cannot create a TLS socket");
  }
  amqp_ssl_socket_set_verify_peer(socket, 1);
  amqp_ssl_socket_set_verify_hostname(socket, 1);
  amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSvLATEST);
  if (int status = amqp_ssl_socket_set_cacert(socket, settings.ca_file.c_str()); status != AMQP_STATUS_OK) {
    return input_error("amqp.ca-bundle",
                       "cannot read CA bundle '" + settings.ca_file + "': " + amqp_error_string2(status));
  }
  // The certificate the token is bound to (holder-of-key), shown when the broker asks for one, as
  // KOMBIT's sample client does: its SSLContext holds the system certificate's KeyManager
  // (kombit/bfo_infrastructureSamples-java, bf-client-example-app/src/main/java/dk/kombit/samples/
  // beskedfordeler/amqp/AfhentBesked.java, openConnection).
  if (settings.client_identity != nullptr &&
      !crypto::use_identity(*static_cast<SSL_CTX*>(amqp_ssl_socket_get_context(socket)), *settings.client_identity)) {
    return input_error("amqp.client-certificate", "cannot use the system certificate as TLS client certificate");
  }
  if (int status = amqp_socket_open_noblock(socket, settings.host.c_str(), settings.port, &timeout);
      status != AMQP_STATUS_OK) {
    return runtime_error("amqp.connect", "no AMQPS connection to " + settings.host + ":" +
                                             std::to_string(settings.port) + ": " + amqp_error_string2(status));
  }
  // The response is sent with strlen() bytes (rabbitmq-c amqp_socket.c sasl_response): the assertion
  // XML has no NUL, matching the Java client's LongString of the token.
  amqp_rpc_reply_t reply = amqp_login(connection, settings.virtual_host.c_str(), 0, 131072, 0,
                                      AMQP_SASL_METHOD_EXTERNAL, settings.assertion.c_str());
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    // 403 ACCESS_REFUSED is the answer to the credentials (AMQP 0-9-1 §1.4.2.2, "access-refused");
    // any other close (541 INTERNAL_ERROR, a dropped connection) says the server could not judge them.
    std::uint16_t code = 0;
    const std::string said = describe(reply, &code);
    if (code == AMQP_ACCESS_REFUSED) {
      return runtime_error("amqp.login-refused", "login with SASL EXTERNAL refused: " + said);
    }
    return runtime_error("amqp.login-failed", "login with SASL EXTERNAL not completed: " + said);
  }
  if (amqp_channel_open(connection, 1) == nullptr) {
    return runtime_error("amqp.channel", "cannot open a channel: " + describe(amqp_get_rpc_reply(connection)));
  }
  session->m_state->channel_open = true;
  return session;
}

Session::~Session() = default;

Result<QueueCounts> Session::passive_declare(const std::string& queue) {
  amqp_connection_state_t connection = m_state->connection;
  amqp_queue_declare_ok_t* declared =
      amqp_queue_declare(connection, 1, amqp_cstring_bytes(queue.c_str()), 1, 0, 0, 0, amqp_empty_table);
  if (declared == nullptr) {
    std::uint16_t code = 0;
    std::string said = describe(amqp_get_rpc_reply(connection), &code);
    m_state->channel_open = false; // a channel exception closes the channel (§1.7.2.1)
    if (code == AMQP_NOT_FOUND) {
      return runtime_error("amqp.queue-not-found", said);
    }
    return runtime_error("amqp.queue-declare", said);
  }
  return QueueCounts{declared->message_count, declared->consumer_count};
}

Result<PublishOutcome> Session::publish_with_reply(const Publication& publication) {
  using Clock = std::chrono::steady_clock;
  amqp_connection_state_t connection = m_state->connection;
  auto failed = [&](const std::string& step) -> Error {
    std::string said = describe(amqp_get_rpc_reply(connection));
    m_state->channel_open = false;
    return runtime_error("amqp.publish", step + ": " + said);
  };
  // Once per channel: a second consume on the direct reply-to is refused (406 "reply consumer
  // already set"), and each publish waits for its own confirm and reply before the next.
  if (!m_state->publishing) {
    if (amqp_confirm_select(connection, 1) == nullptr) {
      return failed("confirm.select refused");
    }
    // Direct reply-to: the consume must come before the publish, on the same channel (RabbitMQ's
    // "Direct Reply-to" guide; AfsendBesked.java does the same).
    if (amqp_basic_consume(connection, 1, amqp_cstring_bytes(bfo::direct_reply_to), amqp_empty_bytes, 0, 1, 0,
                           amqp_empty_table) == nullptr) {
      return failed("basic.consume on the direct reply-to refused");
    }
    m_state->publishing = true;
  }
  amqp_table_entry_t token_entry;
  token_entry.key = amqp_cstring_bytes("token");
  token_entry.value.kind = AMQP_FIELD_KIND_UTF8; // a String header is an AMQP long string
  token_entry.value.value.bytes = bytes_of(publication.token);
  amqp_basic_properties_t properties{};
  properties._flags =
      AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_REPLY_TO_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_HEADERS_FLAG;
  properties.correlation_id = bytes_of(publication.correlation_id);
  properties.reply_to = amqp_cstring_bytes(bfo::direct_reply_to);
  properties.message_id = bytes_of(publication.message_id);
  properties.headers = amqp_table_t{1, &token_entry};
  const auto sent = Clock::now();
  if (int status = amqp_basic_publish(connection, 1, amqp_cstring_bytes(publication.exchange.c_str()), amqp_empty_bytes,
                                      1, 0, &properties, bytes_of(publication.body));
      status != AMQP_STATUS_OK) {
    return runtime_error("amqp.publish", std::string("basic.publish failed: ") + amqp_error_string2(status));
  }
  PublishOutcome outcome;
  const auto deadline = sent + publication.reply_timeout;
  while (!(outcome.replied && (outcome.confirmed || outcome.nacked)) && Clock::now() < deadline) {
    amqp_maybe_release_buffers(connection);
    timeval wait = to_timeval(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    amqp_envelope_t envelope;
    amqp_rpc_reply_t reply;
    {
      util::WaitingOffCpu off_cpu; // waiting for BFO's reply holds no CPU slot (util/task_context.hpp)
      reply = amqp_consume_message(connection, &envelope, &wait, 0);
    }
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
      if (text_of(envelope.message.properties.correlation_id) == publication.correlation_id &&
          (envelope.message.properties._flags & AMQP_BASIC_CORRELATION_ID_FLAG) != 0) {
        outcome.replied = true;
        outcome.reply_body = text_of(envelope.message.body);
        outcome.reply_after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent);
      }
      amqp_destroy_envelope(&envelope);
      continue;
    }
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
      break;
    }
    if (reply.reply_type != AMQP_RESPONSE_LIBRARY_EXCEPTION || reply.library_error != AMQP_STATUS_UNEXPECTED_STATE) {
      return failed("waiting for the confirm and the reply");
    }
    // A method other than basic.deliver is waiting: the confirm, a return or a close.
    amqp_frame_t frame;
    if (amqp_simple_wait_frame(connection, &frame) != AMQP_STATUS_OK || frame.frame_type != AMQP_FRAME_METHOD) {
      return runtime_error("amqp.publish", "the connection failed while waiting for the reply");
    }
    switch (frame.payload.method.id) {
    case AMQP_BASIC_ACK_METHOD:
      outcome.confirmed = true;
      break;
    case AMQP_BASIC_NACK_METHOD:
      outcome.nacked = true;
      break;
    case AMQP_BASIC_RETURN_METHOD: {
      const auto* returned = static_cast<const amqp_basic_return_t*>(frame.payload.method.decoded);
      outcome.returned = true;
      outcome.return_text = std::to_string(returned->reply_code) + " " + text_of(returned->reply_text);
      amqp_message_t message;
      if (amqp_read_message(connection, frame.channel, &message, 0).reply_type == AMQP_RESPONSE_NORMAL) {
        amqp_destroy_message(&message);
      }
      break;
    }
    case AMQP_CHANNEL_CLOSE_METHOD: {
      const auto* close = static_cast<const amqp_channel_close_t*>(frame.payload.method.decoded);
      std::string said = std::to_string(close->reply_code) + " " + text_of(close->reply_text);
      amqp_channel_close_ok_t close_ok{};
      amqp_send_method(connection, frame.channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &close_ok);
      m_state->channel_open = false;
      return runtime_error("amqp.publish", "the broker closed the channel: " + said);
    }
    case AMQP_CONNECTION_CLOSE_METHOD: {
      const auto* close = static_cast<const amqp_connection_close_t*>(frame.payload.method.decoded);
      m_state->channel_open = false;
      return runtime_error("amqp.publish", "the broker closed the connection: " + std::to_string(close->reply_code) +
                                               " " + text_of(close->reply_text));
    }
    default:
      break;
    }
  }
  return outcome;
}

} // namespace klarmeld::amqp
