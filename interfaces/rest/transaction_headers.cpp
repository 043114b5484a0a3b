#include "interfaces/rest/transaction_headers.hpp"

#include <array>
#include <cstdio>

#include <openssl/rand.h>

namespace klarmeld::probes {

std::string uuid_v4() {
  std::array<unsigned char, 16> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40); // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80); // RFC variant
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

http::Headers serviceplatform_headers(const std::string& access_token, const std::string& transaction_id,
                                      TimePoint when) {
  return {{"Authorization", "Holder-of-key " + access_token},
          {"x-TransaktionsId", transaction_id},
          {"x-TransaktionsTid", iso8601_utc(when)}};
}

} // namespace klarmeld::probes
