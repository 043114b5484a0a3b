// Test support for the HTTP-based probe tests: a tiny in-memory PKI (EC P-256, fast) and a
// cpp-httplib server on 127.0.0.1 with an ephemeral port, stopped and joined on destruction.
#pragma once

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>

#include <openssl/ec.h>
#include <openssl/pem.h>

#include "crypto/identity.hpp"
#include "interfaces/http/curl_multi_client.hpp"

namespace klarmeld::test {

struct CertificateRequest {
  std::string common_name;
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  long valid_from_days = -1; // relative to now
  long valid_to_days = 365;
  bool is_ca = false;
};

inline void add_extension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  crypto::X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  X509_add_ext(certificate, extension.get(), -1);
}

// Issued by `issuer` (nullptr: self-signed).
inline crypto::Identity make_identity(const CertificateRequest& request, const crypto::Identity* issuer) {
  crypto::Identity identity;
  identity.key.reset(EVP_EC_gen("P-256"));
  identity.certificate.reset(X509_new());
  X509* certificate = identity.certificate.get();
  X509_set_version(certificate, 2);
  static long serial = 1000;
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(certificate), request.valid_from_days * 86400);
  X509_gmtime_adj(X509_getm_notAfter(certificate), request.valid_to_days * 86400);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("klarmeld test"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(request.common_name.c_str()), -1, -1, 0);
  X509* signer_certificate = issuer != nullptr ? issuer->certificate.get() : certificate;
  X509_set_issuer_name(certificate, X509_get_subject_name(signer_certificate));
  X509_set_pubkey(certificate, identity.key.get());
  if (request.is_ca) {
    add_extension(certificate, signer_certificate, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(certificate, signer_certificate, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(certificate, signer_certificate, NID_basic_constraints, "critical,CA:FALSE");
  }
  add_extension(certificate, signer_certificate, NID_subject_key_identifier, "hash");
  std::string alt_names;
  for (const auto& dns : request.dns_names) {
    alt_names += (alt_names.empty() ? "" : ",") + std::string("DNS:") + dns;
  }
  for (const auto& ip : request.ip_addresses) {
    alt_names += (alt_names.empty() ? "" : ",") + std::string("IP:") + ip;
  }
  if (!alt_names.empty()) {
    add_extension(certificate, signer_certificate, NID_subject_alt_name, alt_names);
  }
  EVP_PKEY* signer_key = issuer != nullptr ? issuer->key.get() : identity.key.get();
  X509_sign(certificate, signer_key, EVP_sha256());
  return identity;
}

inline CertificateRequest named(const std::string& common_name, bool is_ca = false) {
  CertificateRequest request;
  request.common_name = common_name;
  request.is_ca = is_ca;
  return request;
}

// A TLS server certificate for 127.0.0.1 / localhost.
inline CertificateRequest server_request(const std::string& common_name, long valid_from_days = -1,
                                         long valid_to_days = 365) {
  CertificateRequest request = named(common_name);
  request.dns_names = {"localhost"};
  request.ip_addresses = {"127.0.0.1"};
  request.valid_from_days = valid_from_days;
  request.valid_to_days = valid_to_days;
  return request;
}

struct TestPki {
  crypto::Identity ca;
  crypto::Identity server;
  crypto::Identity client;
  std::string ca_pem;

  static TestPki generate() {
    TestPki pki;
    pki.ca = make_identity(named("klarmeld test root", true), nullptr);
    pki.server = make_identity(server_request("localhost"), &pki.ca);
    pki.client = make_identity(named("vendor system"), &pki.ca);
    pki.ca_pem = crypto::to_pem(pki.ca.certificate.get());
    return pki;
  }
};

// A cpp-httplib server running on its own thread; routes are added before start().
template <typename ServerType> class RunningServer {
public:
  template <typename... Args> explicit RunningServer(Args&&... args) : m_server(std::forward<Args>(args)...) {}
  ~RunningServer() { stop(); }

  ServerType& server() { return m_server; }

  int start() {
    // httplib listens with a backlog of 5: a burst of parallel clients loses SYNs and retries a second
    // later. Widened once bound, as the fixture's servers do (fixtures/src/tls_server.cpp).
    auto listening = std::make_shared<socket_t>(INVALID_SOCKET);
    m_server.set_socket_options([listening](socket_t socket) {
      httplib::default_socket_options(socket);
      *listening = socket;
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    if (*listening != INVALID_SOCKET) {
      ::listen(*listening, 128);
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    for (int i = 0; i < 200 && !m_server.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return m_port;
  }

  void stop() {
    if (m_thread.joinable()) {
      m_server.stop();
      m_thread.join();
    }
  }

  int port() const { return m_port; }

private:
  ServerType m_server;
  std::thread m_thread;
  int m_port = 0;
};

inline std::string local_url(int port, const std::string& path, bool tls = false) {
  return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port) + path;
}

// Client options for tests against a local server: short timeouts and retry delays.
inline http::ClientOptions fast_client_options() {
  http::ClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.total_timeout = std::chrono::milliseconds(5000);
  options.retry.base_delay = std::chrono::milliseconds(10);
  return options;
}

// A GET that may be retried.
inline http::Request idempotent_get(const std::string& url) {
  http::Request request;
  request.url = url;
  request.idempotent = true;
  return request;
}

// Counts the requests test servers hold at once (one counter for every server its handler is on):
// each is held until more than `limit` are there (a client within its limits never sends that many)
// or 100 ms have passed.
class HeldRequests {
public:
  // Each request is held until more than `limit` are in flight or for `hold` (long enough for many
  // client threads to connect).
  explicit HeldRequests(int limit, std::chrono::milliseconds hold = std::chrono::milliseconds(100))
      : m_limit(limit), m_hold(hold) {}
  httplib::Server::Handler handler() {
    return [this](const httplib::Request&, httplib::Response& response) {
      std::unique_lock lock(m_mutex);
      m_most = std::max(m_most, ++m_in_flight);
      m_changed.notify_all();
      m_changed.wait_for(lock, m_hold, [&] { return m_in_flight > m_limit; });
      --m_in_flight;
      response.set_content("ok", "text/plain");
    };
  }
  int most() {
    std::lock_guard lock(m_mutex);
    return m_most;
  }

private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_in_flight = 0;
  int m_most = 0;
  int m_limit;
  std::chrono::milliseconds m_hold;
};

} // namespace klarmeld::test
