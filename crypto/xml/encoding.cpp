#include "crypto/xml/encoding.hpp"

#include <openssl/evp.h>
#include <xmlsec/strings.h>

#include "crypto/random.hpp"
#include "util/base64.hpp"

namespace klarmeld::crypto::xml {

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

std::string new_xml_id(std::string_view prefix) {
  return std::string(prefix) + random_hex(16);
}

} // namespace klarmeld::crypto::xml
