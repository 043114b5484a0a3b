// One TLS handshake through OpenSSL directly, so the probe sees everything: negotiated version
// and cipher, the peer's chain, and the verification result against the profile's CA bundle
// (chain, validity and host name — RFC 6125 — in one X509_verify_cert run).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "crypto/identity.hpp"
#include "util/result.hpp"

namespace klarmeld::probes {

struct HandshakeOptions {
  std::string host;
  int port = 443;
  int min_version = TLS1_2_VERSION;
  int max_version = 0;     // 0: the highest OpenSSL knows
  std::string cipher_list; // empty: OpenSSL's default
  const std::vector<crypto::X509Ptr>* trust_anchors = nullptr;
  const crypto::Identity* client_identity = nullptr; // servers that demand mutual TLS
  // The whole connect and handshake ends by then, however the server paces its bytes: the run's
  // connect bound (ProbeContext::connect_timeout), the one libcurl gives every HTTP probe.
  std::chrono::milliseconds timeout{5000};
  std::function<bool()> cancelled; // the run's cancel flag; empty = never
};

struct HandshakeOutcome {
  std::string version; // "TLSv1.3"
  int version_number = 0;
  std::string cipher;
  bool aead = false;
  long verify_result = 0; // X509_V_OK or the first problem found
  std::string verify_message;
  crypto::X509Ptr peer;
};

// Errors: tls.connect (no TCP connection), tls.timeout (connected, but the handshake did not finish
// within options.timeout: http::no_answer_within's wording), tls.cancelled, tls.handshake (the server
// refused or failed the handshake).
Result<HandshakeOutcome> tls_handshake(const HandshakeOptions& options);

} // namespace klarmeld::probes
