#include "crypto/described_certificates.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace klarmeld::crypto {
namespace {

// A run meets a few dozen certificates; a flood of distinct ones empties the memo instead of growing it.
constexpr std::size_t max_described = 256;

std::mutex g_described_mutex;
std::unordered_map<std::string, CertificateInfo>& described() {
  static auto* descriptions = new std::unordered_map<std::string, CertificateInfo>(); // never freed: used to exit
  return *descriptions;
}

} // namespace

CertificateInfo describe_remembered(X509* certificate) {
  unsigned char* der = nullptr;
  const int length = i2d_X509(certificate, &der); // the encoding as decoded, kept by the X509
  if (length <= 0) {
    return describe(certificate);
  }
  std::string key(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  {
    std::lock_guard lock(g_described_mutex);
    if (auto found = described().find(key); found != described().end()) {
      return found->second;
    }
  }
  CertificateInfo info = describe(certificate);
  std::lock_guard lock(g_described_mutex);
  if (described().size() >= max_described) {
    described().clear();
  }
  described().emplace(std::move(key), info);
  return info;
}

} // namespace klarmeld::crypto
