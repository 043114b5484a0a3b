#include "crypto/xml/encoding.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <xmlsec/strings.h>

#include "util/base64.hpp"
#include "util/digest.hpp"

namespace klarmeld::crypto::xml {

std::string base64_encode(std::string_view bytes) {
  return klarmeld::base64_encode(bytes);
}

Result<std::string> base64_decode(std::string_view text, const std::string& origin) {
  auto bytes = klarmeld::base64_decode(text);
  if (!bytes) {
    return input_error("base64.invalid", origin + ": not valid base64");
  }
  return std::move(*bytes);
}

std::optional<std::string> digest_by_uri(std::string_view algorithm_uri, std::string_view bytes) {
  auto is = [&](const xmlChar* href) { return algorithm_uri == reinterpret_cast<const char*>(href); };
  const EVP_MD* md = nullptr;
  if (is(xmlSecHrefSha256)) {
    md = EVP_sha256();
  } else if (is(xmlSecHrefSha1)) {
    md = EVP_sha1();
  } else if (is(xmlSecHrefSha512)) {
    md = EVP_sha512();
  } else {
    return std::nullopt;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr) != 1) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
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
