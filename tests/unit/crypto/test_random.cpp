#include <doctest/doctest.h>

#include <set>
#include <string>

#include "crypto/random.hpp"

using namespace klarmeld;

TEST_SUITE("crypto::random_password") {
  TEST_CASE("the asked length, only unambiguous letters and digits, different every time") {
    const std::string allowed = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
      std::string password = crypto::random_password();
      CHECK(password.size() == 24);
      CHECK(password.find_first_not_of(allowed) == std::string::npos);
      seen.insert(password);
    }
    CHECK(seen.size() == 50);
    CHECK(crypto::random_password(100).size() == 100);
    CHECK(crypto::random_password(0).empty());
  }
}

namespace {

int hex_value(char digit) {
  return digit <= '9' ? digit - '0' : digit - 'a' + 10;
}

} // namespace

TEST_SUITE("crypto::random_uuid") {
  TEST_CASE("8-4-4-4-12 lowercase hex digits, version 4, variant 10 (RFC 9562 §4.1, §5.4)") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      const std::string uuid = crypto::random_uuid();
      REQUIRE(uuid.size() == 36);
      for (std::size_t at = 0; at < uuid.size(); ++at) {
        if (at == 8 || at == 13 || at == 18 || at == 23) {
          CHECK(uuid[at] == '-');
        } else {
          CHECK(std::string("0123456789abcdef").find(uuid[at]) != std::string::npos);
        }
      }
      CHECK(uuid[14] == '4');                    // version: high nibble of octet 6
      CHECK((hex_value(uuid[19]) & 0xc) == 0x8); // variant: two high bits of octet 8 are 10
      seen.insert(uuid);
    }
    CHECK(seen.size() == 200);
  }
}

TEST_SUITE("crypto::random_bytes") {
  TEST_CASE("the asked number of bytes; hex is twice as long") {
    CHECK(crypto::random_bytes(0).empty());
    CHECK(crypto::random_bytes(33).size() == 33);
    const std::string hex = crypto::random_hex(16);
    CHECK(hex.size() == 32);
    CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(crypto::random_hex(16) != hex);
  }
}
