#include <doctest/doctest.h>

#include <set>
#include <string>

#include "crypto/random_password.hpp"

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
