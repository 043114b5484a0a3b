#include <doctest/doctest.h>

#include "report/language.hpp"
#include "report/text.hpp"

using namespace klarmeld;
using namespace klarmeld::report;

TEST_SUITE("report::text") {
  TEST_CASE("sanitize keeps Danish letters, tabs and newlines; replaces the rest") {
    CHECK(sanitize_text("Æblegården\tøl\nå") == "Æblegården\tøl\nå");
    CHECK(sanitize_text("a\r\nb") == "a\nb");
    CHECK(sanitize_text(std::string("a\x00"
                                    "b\x07"
                                    "c\x7f",
                                    6)) == "a b c ");
    CHECK(sanitize_text("\xc3") == "\xEF\xBF\xBD");                                 // truncated sequence
    CHECK(sanitize_text("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong '/'
    CHECK(sanitize_text("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    CHECK(sanitize_text("\xef\xbf\xbf") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // U+FFFF
  }

  TEST_CASE("code points, not bytes: the width Danish letters and an ellipsis take") {
    CHECK(count_code_points("") == 0);
    CHECK(count_code_points("Kørsel") == 6); // ø is two bytes
    CHECK(count_code_points("Afventer dokumentation") == 22);
    CHECK(count_code_points("\xE2\x80\xA6 Æ") == 3);
  }

  TEST_CASE("truncation never splits a character") {
    CHECK(truncate_utf8("abc", 3) == "abc");
    CHECK(truncate_utf8("æææææ", 7) == "ææ…"); // 4 bytes of æ + 3 of …
    CHECK(truncate_utf8("abcdef", 4) == "a…");
  }

  TEST_CASE("short text is one line without KOMBIT's shared opening") {
    CHECK(short_text("a\nb\tc") == "a b c");
    CHECK(short_text("Leverandørens løsning er klar til at anvende integrationen, hvis løsningen kan hente et token") ==
          "løsningen kan hente et token");
    CHECK(short_text("The vendor's solution is ready to use the integration, if it can fetch a token") ==
          "it can fetch a token");
    CHECK(short_text(std::string(300, 'x'), 100).size() == 100);
  }

  TEST_CASE("--lang codes") {
    CHECK(parse_language("da") == Language::Danish);
    CHECK(parse_language("en") == Language::English);
    CHECK_FALSE(parse_language("de").has_value());
  }

  TEST_CASE("verdict words in both languages") {
    CHECK(parse_verdict_word("Ikke testet") == Verdict::IkkeTestet);
    CHECK(parse_verdict_word("Not relevant") == Verdict::IkkeRelevant);
    CHECK(parse_verdict_word("Yes") == Verdict::Ja);
    CHECK_FALSE(parse_verdict_word("ja").has_value());
    CHECK(verdict_word(Verdict::Nej, Language::English) == "No");
    CHECK(declaration_word(profile::SelfDeclaration::UnderUdvikling, Language::English) == "Under development");
  }
}
