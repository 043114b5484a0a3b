#include <doctest/doctest.h>

#include "util/json.hpp"

using namespace klarmeld;

TEST_SUITE("util::json") {
  TEST_CASE("pointers reach nested strings; escapes decode") {
    auto value =
        parse_json(R"({"AppliesTo":{"EndpointReference":{"Address":"http://x/\u00e6"}},"n":1,"b":true})", "test");
    REQUIRE(value.ok());
    CHECK(string_at(*value, "/AppliesTo/EndpointReference/Address") == "http://x/\xC3\xA6");
    CHECK(string_at(*value, "/n").empty());
    REQUIRE(find_at(*value, "/b") != nullptr);
    CHECK(find_at(*value, "/b")->get<bool>());
    CHECK(find_at(*value, "/missing/path") == nullptr);
    CHECK(string_at(Json("a string"), "/AppliesTo").empty()); // not an object: absent, no exception
  }

  TEST_CASE("malformed JSON is an error naming what was read, never an exception") {
    CHECK(!parse_json(R"({"a":"\uZZZZ"})", "test").ok());
    CHECK(!parse_json(R"({"a":)", "test").ok());
    CHECK(!parse_json(R"({"a":1} x)", "test").ok());
    CHECK(!parse_json(std::string(100, '['), "test").ok());
    auto broken = parse_json("{\"a\":", "the STS answer");
    REQUIRE(!broken.ok());
    CHECK(broken.error().code == "json.invalid");
    CHECK(broken.error().message.find("the STS answer") == 0);
  }

  TEST_CASE("the old reader's limits: 64 levels of nesting and 1 MiB") {
    CHECK(parse_json(std::string(64, '[') + std::string(64, ']'), "test").ok());
    auto deep = parse_json(std::string(66, '[') + std::string(66, ']'), "test");
    REQUIRE(!deep.ok());
    CHECK(deep.error().message.find("nested") != std::string::npos);
    CHECK(!parse_json("\"" + std::string(1u << 20, 'x') + "\"", "test").ok());
  }
}
