#include "crypto/xml/encoding.hpp"

#include "crypto/random.hpp"
#include "util/base64.hpp"

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

std::string new_xml_id(std::string_view prefix) {
  return std::string(prefix) + random_hex(16);
}

} // namespace klarmeld::crypto::xml
