#include <doctest/doctest.h>

#include "util/xs_types.hpp"

using namespace klarmeld;

TEST_SUITE("util::xs_types") {
  TEST_CASE("xs:boolean accepts its four lexical forms after collapsing whitespace") {
    CHECK(xs_boolean("true") == true);
    CHECK(xs_boolean("1") == true);
    CHECK(xs_boolean(" \t1\n") == true);
    CHECK(xs_boolean("false") == false);
    CHECK(xs_boolean("0") == false);
    CHECK(xs_boolean("\r\nfalse ") == false);
  }

  TEST_CASE("xs:boolean refuses other spellings") {
    CHECK_FALSE(xs_boolean("True").has_value());
    CHECK_FALSE(xs_boolean("yes").has_value());
    CHECK_FALSE(xs_boolean("").has_value());
    CHECK_FALSE(xs_boolean("t rue").has_value());
    CHECK_FALSE(xs_boolean("01").has_value());
  }

  TEST_CASE("whiteSpace collapse joins runs and trims") {
    CHECK(xs_collapse("  urn:a\t\n b  ") == "urn:a b");
    CHECK(xs_collapse("\n") == "");
  }

  TEST_CASE("xs:unsignedShort reads 0..65535 with an optional plus") {
    CHECK(xs_unsigned_short("0") == std::uint16_t{0});
    CHECK(xs_unsigned_short(" +65535 ") == std::uint16_t{65535});
    CHECK_FALSE(xs_unsigned_short("65536").has_value());
    CHECK_FALSE(xs_unsigned_short("-1").has_value());
    CHECK_FALSE(xs_unsigned_short("1.0").has_value());
    CHECK_FALSE(xs_unsigned_short("").has_value());
  }
}
