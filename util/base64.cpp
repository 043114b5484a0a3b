#include "util/base64.hpp"

#include <openssl/evp.h>

namespace klarmeld {

std::string base64_encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(length));
  return text;
}

namespace {

// What std::isspace says in the "C" locale klarmeld runs in (no setlocale anywhere): space, \t, \n,
// \v, \f, \r — without a libc call per character (KeyInfo certificates are ≈ 2 kB of base64 each).
bool base64_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

} // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  std::string compact(text.size(), '\0');
  size_t kept = 0;
  for (char c : text) {
    if (!base64_space(c)) {
      compact[kept++] = c;
    }
  }
  compact.resize(kept);
  if (compact.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string bytes(compact.size() / 4 * 3 + 1, '\0');
  int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                      reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (length < 0) {
    return std::nullopt;
  }
  // EVP_DecodeBlock counts padding as zero bytes: drop one per '='.
  size_t padding = 0;
  for (size_t i = compact.size(); i > 0 && compact[i - 1] == '='; --i) {
    ++padding;
  }
  bytes.resize(static_cast<size_t>(length) - padding);
  return bytes;
}

} // namespace klarmeld
