#include <doctest/doctest.h>

#include "util/digest.hpp"
#include "util/markup_escape.hpp"
#include "util/slug.hpp"
#include "util/source_snippet.hpp"
#include "util/time.hpp"

using namespace klarmeld;

TEST_SUITE("util::slug") {
  TEST_CASE("Danish letters are transliterated") {
    CHECK(slugify("Høje-Taastrup Kommune") == "hoeje-taastrup-kommune");
    CHECK(slugify("Ærø") == "aeroe");
    CHECK(slugify("Aabenraa / Åbenrå") == "aabenraa-aabenraa");
  }
  TEST_CASE("punctuation collapses to single dashes and never leads or trails") {
    CHECK(slugify("  KMD A/S -- Nexus 2.0 ") == "kmd-a-s-nexus-2-0");
  }
  TEST_CASE("an empty or all-symbol name still gives a usable slug") {
    CHECK(slugify("!!!") == "unnamed");
  }
}

TEST_SUITE("util::digest") {
  TEST_CASE("sha256 of a known string") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

TEST_SUITE("util::source_snippet") {
  TEST_CASE("caret under the column") {
    std::string text = "a: 1\nbad key: x\n";
    CHECK(source_snippet(text, 2, 5) == "\n 2 | bad key: x\n   |     ^");
  }
  TEST_CASE("control characters never reach the terminal") {
    CHECK(source_snippet("a: \x1b[31mred\x07\n", 1, 4) == "\n 1 | a: ?[31mred?\n   |    ^");
  }
  TEST_CASE("line past the end gives nothing") {
    CHECK(source_snippet("a\n", 9, 1).empty());
  }
}

TEST_SUITE("util::time") {
  TEST_CASE("milliseconds are always three digits") {
    auto when = Clock::from_time_t(1700000000) + std::chrono::milliseconds(7);
    CHECK(iso8601_utc_millis(when) == "2023-11-14T22:13:20.007Z");
    CHECK(iso8601_utc(when) == "2023-11-14T22:13:20Z");
    CHECK(iso_date_utc(when) == "2023-11-14");
  }
}

TEST_SUITE("util::parse_xml_datetime") {
  TEST_CASE("UTC with and without fraction") {
    auto plain = parse_xml_datetime("2023-11-14T22:13:20Z");
    REQUIRE(plain.ok());
    CHECK(iso8601_utc(*plain) == "2023-11-14T22:13:20Z");
    auto millis = parse_xml_datetime("2023-11-14T22:13:20.007Z");
    REQUIRE(millis.ok());
    CHECK(iso8601_utc_millis(*millis) == "2023-11-14T22:13:20.007Z");
    auto offset = parse_xml_datetime("2023-11-14T23:13:20+01:00");
    REQUIRE(offset.ok());
    CHECK(*offset == *plain);
  }
  TEST_CASE("local time without zone is refused") {
    CHECK_FALSE(parse_xml_datetime("2023-11-14T22:13:20").ok());
  }
}

TEST_SUITE("util::parse_xml_datetime zones") {
  TEST_CASE("a bare time is read as UTC only when asked") {
    auto bare = parse_xml_datetime("2023-11-14T22:13:20", ZoneDesignator::OptionalMeansUtc);
    REQUIRE(bare.ok());
    CHECK(iso8601_utc(*bare) == "2023-11-14T22:13:20Z");
    CHECK_FALSE(parse_xml_datetime("2023-11-14T22:13:20Z trailing", ZoneDesignator::OptionalMeansUtc).ok());
    CHECK(parse_xml_datetime("2023-11-14", ZoneDesignator::OptionalMeansUtc).error().code == "xml.datetime");
  }
}

TEST_SUITE("util::markup_escape") {
  TEST_CASE("the three dialects differ only in the apostrophe and the carriage return") {
    const std::string text = "<a b=\"c\">'&'\r</a>";
    CHECK(escape_xml(text) == "&lt;a b=&quot;c&quot;&gt;&apos;&amp;&apos;\r&lt;/a&gt;");
    CHECK(escape_html(text) == "&lt;a b=&quot;c&quot;&gt;&#39;&amp;&#39;\r&lt;/a&gt;");
    CHECK(escape_xml_canonical(text) == "&lt;a b=&quot;c&quot;&gt;'&amp;'&#xD;&lt;/a&gt;");
    CHECK(escape_xml("plain æøå") == "plain æøå");
  }
}
