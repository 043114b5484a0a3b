#include "interfaces/tls/tls_handshake.hpp"

#include <poll.h>

#include <openssl/err.h>

#include "crypto/tls_identity.hpp"
#include "interfaces/http/no_answer.hpp"
#include "interfaces/http/url.hpp"
#include "interfaces/tls/socket_connect.hpp"
#include "util/task_context.hpp"

namespace klarmeld::probes {
namespace {

using SslPtr = std::unique_ptr<SSL, crypto::Deleter<SSL_free>>;

std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text += (text.empty() ? "" : "; ") + std::string(buffer);
  }
  return text.empty() ? "the server closed the connection" : text;
}

Result<crypto::SslCtxPtr> make_context(const HandshakeOptions& options) {
  crypto::SslCtxPtr context(SSL_CTX_new(TLS_client_method()));
  if (!context) {
    return internal_error("tls.context", "cannot create an SSL_CTX: " + openssl_errors());
  }
  SSL_CTX_set_min_proto_version(context.get(), options.min_version);
  if (options.max_version != 0) {
    SSL_CTX_set_max_proto_version(context.get(), options.max_version);
  }
  if (!options.cipher_list.empty()) {
    SSL_CTX_set_cipher_list(context.get(), options.cipher_list.c_str());
  }
  // Verification result is read after the handshake, so one run yields every fact.
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
  X509_STORE* store = SSL_CTX_get_cert_store(context.get());
  if (options.trust_anchors != nullptr) {
    for (const auto& anchor : *options.trust_anchors) {
      X509_STORE_add_cert(store, anchor.get());
    }
  }
  if (options.client_identity != nullptr) {
    // As the handshake goes on either way, an identity OpenSSL refuses shows in the server's answer.
    (void)crypto::use_identity(*context, *options.client_identity);
  }
  return context;
}

// SSL_connect on the non-blocking socket, waiting in poll() for what OpenSSL asks for (WANT_READ /
// WANT_WRITE) until the deadline: SO_RCVTIMEO alone bounds each recv, so a server that sends one
// byte every few seconds would keep a blocking SSL_connect alive for ever.
Status drive_handshake(SSL* ssl, int fd, const WaitLimits& limits, const HandshakeOptions& options,
                       const std::string& where) {
  for (;;) {
    ERR_clear_error();
    int result = SSL_connect(ssl);
    if (result == 1) {
      return Ok{};
    }
    short events = 0;
    switch (SSL_get_error(ssl, result)) {
    case SSL_ERROR_WANT_READ:
      events = POLLIN;
      break;
    case SSL_ERROR_WANT_WRITE:
      events = POLLOUT;
      break;
    default:
      return runtime_error("tls.handshake", where + ": TLS handshake failed: " + openssl_errors());
    }
    switch (wait_socket(fd, events, limits)) {
    case SocketWait::ready:
      break;
    case SocketWait::timed_out:
      return runtime_error("tls.timeout", where + ": " + http::no_answer_within("TLS", options.timeout));
    case SocketWait::cancelled:
      return runtime_error("tls.cancelled", where + ": cancelled");
    }
  }
}

} // namespace

Result<HandshakeOutcome> tls_handshake(const HandshakeOptions& options) {
  ERR_clear_error();
  TRY_ASSIGN(crypto::SslCtxPtr context, make_context(options));
  // Connect and handshake are mostly waiting for the server, so no CPU slot is held
  // (util/task_context) and the handshake's own bit of CPU goes ungated.
  util::WaitingOffCpu waiting;
  WaitLimits limits{std::chrono::steady_clock::now() + options.timeout, options.cancelled};
  auto connected = connect_with_timeout(options.host, options.port, limits);
  util::request_under_way();
  TRY_ASSIGN(Socket socket, std::move(connected));
  SslPtr ssl(SSL_new(context.get()));
  SSL_set_fd(ssl.get(), socket.fd());
  if (http::is_ip_address(options.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), options.host.c_str());
  } else {
    // SNI (RFC 6066 §3); SSL_set_tlsext_host_name is a macro with an old-style cast.
    SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(options.host.c_str()));
    SSL_set1_host(ssl.get(), options.host.c_str());
  }
  std::string where = options.host + ":" + std::to_string(options.port);
  TRY(drive_handshake(ssl.get(), socket.fd(), limits, options, where));
  HandshakeOutcome outcome;
  outcome.version = SSL_get_version(ssl.get());
  outcome.version_number = SSL_version(ssl.get());
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl.get())) {
    outcome.cipher = SSL_CIPHER_get_name(cipher);
    outcome.aead = SSL_CIPHER_is_aead(cipher) == 1;
  }
  outcome.verify_result = SSL_get_verify_result(ssl.get());
  outcome.verify_message = X509_verify_cert_error_string(outcome.verify_result);
  outcome.peer.reset(SSL_get1_peer_certificate(ssl.get()));
  SSL_shutdown(ssl.get());
  return outcome;
}

} // namespace klarmeld::probes
