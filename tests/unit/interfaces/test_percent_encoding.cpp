#include <doctest/doctest.h>

#include "interfaces/http/percent_encoding.hpp"

using namespace klarmeld;

TEST_SUITE("http::percent_encoding") {
  TEST_CASE("only the unreserved characters stay as they are") {
    CHECK(http::percent_encode("aZ09-._~") == "aZ09-._~");
    CHECK(http::percent_encode("a+b/c=d e&\xc3\xa6") == "a%2Bb%2Fc%3Dd%20e%26%C3%A6");
    CHECK(http::percent_encode("") == "");
  }
  TEST_CASE("decoding: strict escapes, '+' a space only in form encoding") {
    CHECK(http::percent_decode("a%2Bb%2fc", false) == std::optional<std::string>("a+b/c"));
    CHECK(http::percent_decode("a+b", false) == std::optional<std::string>("a+b"));
    CHECK(http::percent_decode("a+b", true) == std::optional<std::string>("a b"));
    size_t bad_at = 99;
    CHECK_FALSE(http::percent_decode("ab%2", false, &bad_at).has_value());
    CHECK(bad_at == 2);
    CHECK_FALSE(http::percent_decode("%zz", false, &bad_at).has_value());
    CHECK(bad_at == 0);
  }
  TEST_CASE("what is encoded decodes to itself") {
    std::string text;
    for (int c = 0; c < 256; ++c) {
      text += static_cast<char>(c);
    }
    CHECK(http::percent_decode(http::percent_encode(text), false) == std::optional<std::string>(text));
  }
}
