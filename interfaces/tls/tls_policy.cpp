#include "interfaces/tls/tls_policy.hpp"

#include <array>
#include <string_view>

#include <openssl/ssl.h>

namespace klarmeld::probes {

bool is_weak_cipher(const std::string& cipher_name) {
  // OpenSSL names: RC4-SHA, DES-CBC3-SHA, NULL-SHA256, EXP-…, ADH-…, AECDH-…, …-MD5.
  constexpr std::array<std::string_view, 8> markers = {"RC4", "DES", "NULL", "EXP", "ADH", "AECDH", "MD5", "anon"};
  for (auto marker : markers) {
    if (cipher_name.find(marker) != std::string::npos) {
      return true;
    }
  }
  return false;
}

int version_below(int version) {
  switch (version) {
  case TLS1_3_VERSION:
    return TLS1_2_VERSION;
  case TLS1_2_VERSION:
    return TLS1_1_VERSION;
  case TLS1_1_VERSION:
    return TLS1_VERSION;
  default:
    return 0;
  }
}

} // namespace klarmeld::probes
