#include "interfaces/saml/redirect_binding.hpp"

#include <cctype>
#include <optional>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/xml/encoding.hpp"
#include "interfaces/http/percent_encoding.hpp"
#include "interfaces/saml/raw_deflate.hpp"
#include "util/base64.hpp"

namespace klarmeld::saml {
namespace {

// The parameters of one query, values still URL-encoded (the signature covers them that way).
struct RawQuery {
  std::optional<std::string_view> message, relay_state, sig_alg, signature;
};

Error binding_error(const std::string& message) {
  return input_error("saml.binding", "HTTP-Redirect binding: " + message);
}

Status take(std::optional<std::string_view>& slot, std::string_view name, std::string_view value) {
  // A repeated parameter would let the verifier and the reader see different values.
  if (slot) {
    return binding_error("the parameter " + std::string(name) + " appears twice");
  }
  slot = value;
  return Ok{};
}

Result<RawQuery> split_query(std::string_view query, const std::string& field) {
  RawQuery raw;
  while (!query.empty()) {
    const size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    const size_t equals = pair.find('=');
    std::string_view name = pair.substr(0, equals);
    std::string_view value = equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    if (name == field) {
      TRY(take(raw.message, name, value));
    } else if (name == "RelayState") {
      TRY(take(raw.relay_state, name, value));
    } else if (name == "SigAlg") {
      TRY(take(raw.sig_alg, name, value));
    } else if (name == "Signature") {
      TRY(take(raw.signature, name, value));
    } // other parameters are not the binding's and are not signed (§3.4.4.1)
  }
  if (!raw.message) {
    return binding_error("the URL has no " + field + " parameter");
  }
  return raw;
}

Result<std::string> percent_decode(std::string_view raw, const char* name, bool plus_is_space) {
  size_t bad_at = 0;
  auto decoded = http::percent_decode(raw, plus_is_space, &bad_at);
  if (!decoded) {
    return binding_error(std::string("bad %-encoding in ") + name + " at offset " + std::to_string(bad_at));
  }
  return *decoded;
}

Result<std::string> decode_base64_parameter(std::string_view raw, const char* name) {
  TRY_ASSIGN(std::string text, percent_decode(raw, name, false));
  auto bytes = crypto::xml::base64_decode(text, name);
  if (!bytes) {
    return binding_error(std::string(name) + " is not valid base64");
  }
  return std::move(bytes).value();
}

std::string signed_octets(const std::string& field, const RawQuery& raw) {
  std::string octets = field + "=" + std::string(*raw.message);
  if (raw.relay_state) {
    octets += "&RelayState=" + std::string(*raw.relay_state);
  }
  return octets + "&SigAlg=" + std::string(raw.sig_alg.value_or(""));
}

Status check_sig_alg(const std::string& sig_alg) {
  if (sig_alg == sig_alg_rsa_sha256) {
    return Ok{};
  }
  // rsa-sha1, dsa-sha1, ecdsa-sha1: SHA-1 is refused for signatures everywhere in klarmeld.
  if (sig_alg.size() >= 5 && sig_alg.compare(sig_alg.size() - 5, 5, "-sha1") == 0) {
    return input_error("saml.weak-algorithm",
                       "SigAlg " + sig_alg + " uses SHA-1, which is not accepted (RSA-SHA256 is required)");
  }
  return input_error("saml.unsupported-algorithm",
                     "SigAlg " + sig_alg + " is not supported (RSA-SHA256, " + sig_alg_rsa_sha256 + ", is required)");
}

bool verifies_with(X509* certificate, const RedirectMessage& message) {
  EVP_PKEY* key = X509_get0_pubkey(certificate);
  crypto::EvpMdCtxPtr context(EVP_MD_CTX_new());
  const bool good =
      key != nullptr && EVP_PKEY_base_id(key) == EVP_PKEY_RSA && context &&
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(message.signature.data()),
                       message.signature.size(), reinterpret_cast<const unsigned char*>(message.signed_octets.data()),
                       message.signed_octets.size()) == 1;
  ERR_clear_error(); // a failed verification leaves OpenSSL errors that would confuse later reports
  return good;
}

Result<std::string> sign_sha256(const std::string& octets, EVP_PKEY* key) {
  crypto::EvpMdCtxPtr context(EVP_MD_CTX_new());
  size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(octets.data()),
                     octets.size()) != 1) {
    ERR_clear_error();
    return internal_error("saml.sign", "could not start the HTTP-Redirect RSA-SHA256 signature");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(octets.data()), octets.size()) != 1) {
    ERR_clear_error();
    return internal_error("saml.sign", "could not sign the HTTP-Redirect query");
  }
  signature.resize(length);
  return signature;
}

} // namespace

Result<RedirectMessage> read_redirect_binding(std::string_view url, const std::string& field,
                                              size_t max_inflated_bytes) {
  const size_t question = url.find('?');
  if (question == std::string_view::npos) {
    return binding_error("the URL has no query");
  }
  std::string_view query = url.substr(question + 1);
  query = query.substr(0, query.find('#'));
  TRY_ASSIGN(RawQuery raw, split_query(query, field));
  RedirectMessage message;
  message.destination = std::string(url.substr(0, question));
  message.field = field;
  TRY_ASSIGN(std::string deflated, decode_base64_parameter(*raw.message, field.c_str()));
  TRY_ASSIGN(message.xml, inflate_raw(deflated, field + " (HTTP-Redirect)", max_inflated_bytes));
  if (raw.relay_state) {
    TRY_ASSIGN(message.relay_state, percent_decode(*raw.relay_state, "RelayState", true));
  }
  if (raw.sig_alg) {
    TRY_ASSIGN(message.sig_alg, percent_decode(*raw.sig_alg, "SigAlg", true));
  }
  if (raw.signature) {
    TRY_ASSIGN(message.signature, decode_base64_parameter(*raw.signature, "Signature"));
  }
  message.signed_octets = signed_octets(field, raw);
  return message;
}

Result<X509*> verify_redirect_signature(const RedirectMessage& message, const std::vector<crypto::X509Ptr>& signers) {
  if (message.sig_alg.empty() || message.signature.empty()) {
    return input_error("saml.signature-missing",
                       "the HTTP-Redirect " + message.field + " is not signed (no SigAlg and Signature parameters)");
  }
  TRY(check_sig_alg(message.sig_alg));
  for (const auto& certificate : signers) {
    if (verifies_with(certificate.get(), message)) {
      return certificate.get();
    }
  }
  return input_error("saml.signature-invalid", "the HTTP-Redirect signature over " + message.field +
                                                   " does not verify with the SP metadata's signing certificate" +
                                                   (signers.size() == 1 ? "" : "s"));
}

Result<std::string> redirect_binding_url(const std::string& destination, const std::string& field, std::string_view xml,
                                         const std::string& relay_state, const crypto::Identity* signer) {
  std::string query = field + "=" + http::percent_encode(klarmeld::base64_encode(deflate_raw(xml)));
  if (!relay_state.empty()) {
    query += "&RelayState=" + http::percent_encode(relay_state);
  }
  if (signer != nullptr) {
    query += "&SigAlg=" + http::percent_encode(sig_alg_rsa_sha256);
    TRY_ASSIGN(std::string signature, sign_sha256(query, signer->key.get()));
    query += "&Signature=" + http::percent_encode(klarmeld::base64_encode(signature));
  }
  return destination + (destination.find('?') == std::string::npos ? "?" : "&") + query;
}

} // namespace klarmeld::saml
