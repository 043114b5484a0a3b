#include "interfaces/amqp/amqp_session.hpp"

#include <amqp.h>
#include <amqp_ssl_socket.h>

namespace klarmeld::amqp {

struct Session::State {
  amqp_connection_state_t connection = nullptr;
  bool channel_open = false;
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
    return runtime_error("amqp.login-refused", "login with SASL EXTERNAL refused: " + describe(reply));
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

} // namespace klarmeld::amqp
