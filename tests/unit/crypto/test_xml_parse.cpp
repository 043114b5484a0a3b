#include <doctest/doctest.h>

#include <string>

#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

TEST_SUITE("crypto::xml::parse_untrusted_xml") {
  TEST_CASE("a plain document parses") {
    auto doc = parse_untrusted_xml("<a xmlns='urn:x'><b>text</b></a>", "test.xml");
    REQUIRE(doc.ok());
    CHECK(trimmed_text(first_child_element(xmlDocGetRootElement(doc->get()), "urn:x", "b")) == "text");
  }
  TEST_CASE("any DOCTYPE is refused, even a harmless one") {
    auto doc = parse_untrusted_xml("<?xml version='1.0'?>\n<!DOCTYPE a>\n<a/>", "test.xml");
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == "xml.doctype");
    CHECK(doc.error().where->line == 2);
  }
  TEST_CASE("external entity (XXE) is refused before anything is read") {
    auto doc = parse_untrusted_xml("<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>", "xxe.xml");
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == "xml.doctype");
  }
  TEST_CASE("billion laughs is refused") {
    std::string text = "<!DOCTYPE lolz [<!ENTITY lol 'lol'>";
    for (int i = 1; i < 10; ++i) {
      text += "<!ENTITY lol" + std::to_string(i) + " '";
      for (int j = 0; j < 10; ++j) {
        text += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
      }
      text += "'>";
    }
    text += "]><lolz>&lol9;</lolz>";
    auto doc = parse_untrusted_xml(text, "lol.xml");
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == "xml.doctype");
  }
  TEST_CASE("oversized input is refused without parsing") {
    std::string text = "<a>" + std::string(2000, 'x') + "</a>";
    auto doc = parse_untrusted_xml(text, "big.xml", 1000);
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == "xml.too-large");
  }
  TEST_CASE("nesting deeper than the cap is refused") {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      text += "<a>";
    }
    for (int i = 0; i < 40; ++i) {
      text += "</a>";
    }
    CHECK(parse_untrusted_xml(text, "deep.xml", 1 << 20, 64).ok());
    auto doc = parse_untrusted_xml(text, "deep.xml", 1 << 20, 32);
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == "xml.too-deep");
  }
  TEST_CASE("malformed XML reports line and column") {
    auto doc = parse_untrusted_xml("<a>\n  <b></c>\n</a>", "bad.xml");
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code == "xml.malformed");
    CHECK(doc.error().where->file == "bad.xml");
    CHECK(doc.error().where->line == 2);
    CHECK(doc.error().where->column > 0);
  }
  TEST_CASE("duplicate IDs are refused at registration") {
    auto doc = parse_untrusted_xml("<r xmlns:wsu='http://docs.oasis-open.org/wss/2004/01/"
                                   "oasis-200401-wss-wssecurity-utility-1.0.xsd'><a wsu:Id='x'/><b wsu:Id='x'/></r>",
                                   "dup.xml");
    REQUIRE(doc.ok());
    auto status = register_ids(doc->get());
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "xml.duplicate-id");
  }
}
