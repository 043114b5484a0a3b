#include "crypto/keyed_digest.hpp"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "util/digest.hpp"

namespace klarmeld::crypto {

KeyedDigest::KeyedDigest() {
  if (RAND_bytes(m_key.data(), static_cast<int>(m_key.size())) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed");
  }
}

KeyedDigest::~KeyedDigest() {
  OPENSSL_cleanse(m_key.data(), m_key.size());
}

std::string KeyedDigest::hex(std::string_view data) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), m_key.data(), static_cast<int>(m_key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return to_hex(std::string_view(reinterpret_cast<const char*>(mac), length));
}

} // namespace klarmeld::crypto
