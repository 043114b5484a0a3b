#include "crypto/random_password.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>

namespace klarmeld::crypto {

std::string random_password(std::size_t length) {
  static constexpr char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr unsigned letters = sizeof alphabet - 1;
  constexpr unsigned unbiased = 256 / letters * letters; // bytes at or above this would favour some letters
  std::string password;
  std::array<unsigned char, 64> bytes{};
  while (password.size() < length) {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
      throw std::runtime_error("OpenSSL's random generator failed");
    }
    for (unsigned char byte : bytes) {
      if (byte < unbiased && password.size() < length) {
        password += alphabet[byte % letters];
      }
    }
  }
  return password;
}

} // namespace klarmeld::crypto
