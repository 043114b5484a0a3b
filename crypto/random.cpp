#include "crypto/random.hpp"

#include <array>
#include <climits>
#include <stdexcept>

#include <openssl/rand.h>

#include "util/digest.hpp"

namespace klarmeld::crypto {
namespace {

void fill(unsigned char* bytes, std::size_t count) {
  if (count > static_cast<std::size_t>(INT_MAX) || RAND_bytes(bytes, static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed");
  }
}

} // namespace

std::string random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  fill(reinterpret_cast<unsigned char*>(bytes.data()), count);
  return bytes;
}

std::string random_hex(std::size_t byte_count) {
  return to_hex(random_bytes(byte_count));
}

std::string random_uuid() {
  std::string bytes = random_bytes(16);
  // RFC 9562 §5.4: the version (0b0100) in the high nibble of octet 6, the variant (0b10) in the
  // two high bits of octet 8 (§4.1); the other 122 bits stay random.
  bytes[6] = static_cast<char>((static_cast<unsigned char>(bytes[6]) & 0x0f) | 0x40);
  bytes[8] = static_cast<char>((static_cast<unsigned char>(bytes[8]) & 0x3f) | 0x80);
  std::string hex = to_hex(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string random_password(std::size_t length) {
  static constexpr char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr unsigned letters = sizeof alphabet - 1;
  constexpr unsigned unbiased = 256 / letters * letters; // bytes at or above this would favour some letters
  std::string password;
  std::array<unsigned char, 64> bytes{};
  while (password.size() < length) {
    fill(bytes.data(), bytes.size());
    for (unsigned char byte : bytes) {
      if (byte < unbiased && password.size() < length) {
        password += alphabet[byte % letters];
      }
    }
  }
  return password;
}

} // namespace klarmeld::crypto
