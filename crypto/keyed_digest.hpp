// HMAC-SHA256 (RFC 2104) under a random 256-bit key drawn when the object is made. Evidence replaces
// personal identifiers and secrets with this keyed digest instead of a plain SHA-256: the CPR space
// is about 3.7 million plausible values, hashed in seconds, while without the key no value can be
// tried at all. The key lives only inside this object (wiped when it goes) and is never written,
// logged or handed out, so equal values match within one run and never across runs.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace klarmeld::crypto {

class KeyedDigest {
public:
  // Draws the key from OpenSSL's CSPRNG; throws std::runtime_error if the generator fails.
  KeyedDigest();
  ~KeyedDigest();
  KeyedDigest(const KeyedDigest&) = delete;
  KeyedDigest& operator=(const KeyedDigest&) = delete;

  // Lowercase hex of HMAC-SHA256(key, data).
  std::string hex(std::string_view data) const;

private:
  std::array<unsigned char, 32> m_key{};
};

} // namespace klarmeld::crypto
