#include "crypto/xml/encoding.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "util/digest.hpp"

namespace klarmeld::crypto::xml {

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length < 0 ? 0 : length));
  return out;
}

Result<std::string> base64_decode(std::string_view text, const std::string& origin) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      compact += c;
    }
  }
  if (compact.size() % 4 != 0) {
    return input_error("base64.invalid", origin + ": not valid base64 (length)");
  }
  if (compact.empty()) {
    return std::string();
  }
  std::string out(compact.size() / 4 * 3, '\0');
  int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (length < 0) {
    return input_error("base64.invalid", origin + ": not valid base64");
  }
  size_t padding = 0;
  if (compact.back() == '=') {
    padding = compact[compact.size() - 2] == '=' ? 2 : 1;
  }
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

std::string random_uuid() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  std::string hex = to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string new_xml_id(std::string_view prefix) {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  return std::string(prefix) + to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

} // namespace klarmeld::crypto::xml
