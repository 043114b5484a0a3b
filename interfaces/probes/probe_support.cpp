#include "interfaces/probes/probe_support.hpp"

#include <filesystem>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "criteria/model/probe_types.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes::support {

std::string param(const criteria::ProbeSpec& spec, const std::string& name, const std::string& fallback) {
  auto found = spec.params.find(name);
  return found == spec.params.end() || found->second.empty() ? fallback : found->second;
}

std::string option(const profile::InterfaceEndpoint& endpoint, const std::string& name, const std::string& fallback) {
  auto found = endpoint.options.find(name);
  return found == endpoint.options.end() || found->second.empty() ? fallback : found->second;
}

std::string service_of(const criteria::ProbeSpec& spec, const std::string& interface_id) {
  std::string service = param(spec, "service", interface_id);
  return service == criteria::own_interface_default ? interface_id : service;
}

std::string render_request(const http::Request& request) {
  std::string text = request.method + " " + request.url + "\n";
  for (const auto& [name, value] : request.headers) {
    text += name + ": " + value + "\n";
  }
  return text + "\n" + request.body;
}

std::string render_response(const http::Response& response) {
  std::string text = "HTTP " + std::to_string(response.status) + "\n";
  for (const auto& [name, value] : response.headers) {
    text += name + ": " + value + "\n";
  }
  return text + "\n" + response.body;
}

Result<http::Response> perform_recorded(ProbeContext& context, const http::Request& request, const std::string& label,
                                        ProbeResult& result) {
  result.request_bytes += request.body.size();
  result.request_sha256 = sha256_hex(request.body);
  auto response = context.http().perform(request);
  if (!response) {
    context.record_exchange(label, render_request(request), response.error().message);
    return response;
  }
  result.http_status = static_cast<int>(response->status);
  result.response_bytes += response->body.size();
  result.response_sha256 = sha256_hex(response->body);
  context.record_exchange(label, render_request(request), render_response(*response));
  return response;
}

std::string relative_to_profile(const profile::Profile& profile, const std::string& path) {
  std::filesystem::path given(path);
  if (given.is_absolute() || profile.file.empty()) {
    return path;
  }
  return (std::filesystem::path(profile.file).parent_path() / given).string();
}

ProbeResult finish(ProbeResult result, Verdict verdict, std::string reason, TimePoint started) {
  result.verdict = verdict;
  result.reason = std::move(reason);
  result.started = started;
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return result;
}

Result<crypto::Identity> stand_in(const crypto::Identity& owner, const std::string& common_name) {
  crypto::Identity identity;
  if (EVP_PKEY_up_ref(owner.key.get()) != 1) {
    return internal_error("probe.stand-in", "cannot reference the key for " + common_name);
  }
  identity.key.reset(owner.key.get());
  identity.certificate.reset(X509_new());
  X509* certificate = identity.certificate.get();
  bool built =
      certificate != nullptr && X509_set_version(certificate, 2) == 1 &&
      ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(certificate), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(certificate), 86400) != nullptr &&
      X509_NAME_add_entry_by_txt(X509_get_subject_name(certificate), "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1 &&
      X509_set_issuer_name(certificate, X509_get_subject_name(certificate)) == 1 &&
      X509_set_pubkey(certificate, identity.key.get()) == 1 &&
      X509_sign(certificate, identity.key.get(), EVP_sha256()) > 0;
  if (!built) {
    return internal_error("probe.stand-in", "cannot make the certificate for " + common_name);
  }
  return identity;
}

Result<crypto::EvpPkeyPtr> unregistered_rsa_key() {
  crypto::EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* key = nullptr;
  bool made = context != nullptr && EVP_PKEY_keygen_init(context.get()) == 1 &&
              EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), 2048) == 1 &&
              EVP_PKEY_CTX_set_rsa_keygen_primes(context.get(), 3) == 1 && EVP_PKEY_generate(context.get(), &key) == 1;
  crypto::EvpPkeyPtr owned(key);
  if (!made) {
    return internal_error("probe.key", "cannot generate an RSA key");
  }
  return owned;
}

} // namespace klarmeld::probes::support
