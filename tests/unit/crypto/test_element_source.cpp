#include <doctest/doctest.h>

#include <string>

#include "crypto/xml/element_source.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"

using namespace klarmeld::crypto::xml;

namespace {

constexpr const char* saml = "urn:oasis:names:tc:SAML:2.0:assertion";

// An RSTR-like envelope around an assertion in KOMBIT's style (inner default namespaces), with the
// lexical traps a naive scan falls into: '>' inside an attribute value, a comment and CDATA holding
// look-alike tags, an earlier and a nested element of the same name, single quotes, an empty element.
const std::string envelope =
    "<?xml version=\"1.0\"?>\n<s:Envelope xmlns:s=\"urn:s\" xmlns:x=\"urn:x\"><s:Body>"
    "<!-- <Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"> -->"
    "<Assertion xmlns=\"urn:other\"/>"
    "<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID='_a' Note=\"a > b\">\n"
    "  <Issuer>i</Issuer><![CDATA[</Assertion>]]><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"
    "<KeyInfo/></Signature><Assertion ID=\"_inner\"><Issuer/></Assertion><x:Used/>"
    "</Assertion><s:Tail/></s:Body></s:Envelope>";

xmlNode* outer_assertion(xmlDoc* doc) {
  for (xmlNode* node : descendants(xmlDocGetRootElement(doc), saml, "Assertion")) {
    if (attribute(node, "ID") == "_a") {
      return node;
    }
  }
  return nullptr;
}

} // namespace

TEST_SUITE("crypto::xml::element_source") {
  TEST_CASE("the element's exact bytes, plus only the ancestor namespaces it uses") {
    auto doc = parse_untrusted_xml(envelope, "envelope");
    REQUIRE(doc.ok());
    xmlNode* assertion = outer_assertion(doc->get());
    REQUIRE(assertion != nullptr);
    auto range = element_range(envelope, assertion);
    REQUIRE(range.ok());
    const std::string bytes = envelope.substr(range->offset, range->length);
    CHECK(bytes.rfind("<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID='_a'", 0) == 0);
    REQUIRE(bytes.size() >= 21);
    CHECK(bytes.compare(bytes.size() - 21, 21, "<x:Used/></Assertion>") == 0);
    auto source = element_source(envelope, assertion);
    REQUIRE(source.ok());
    // x: is declared on the Envelope and used inside: declared on the copy; s: is not used, not added.
    CHECK(*source == "<Assertion xmlns:x=\"urn:x\"" + bytes.substr(10));
    auto alone = parse_untrusted_xml(*source, "standalone");
    REQUIRE(alone.ok());
    CHECK(is_element(xmlDocGetRootElement(alone->get()), saml, "Assertion"));
  }
  TEST_CASE("a self-contained element comes back untouched; an empty element too") {
    const std::string text = "<r xmlns=\"urn:r\"><a xmlns=\"urn:a\" k=\"v\"><b/></a><e xmlns=\"urn:e\"/></r>";
    auto doc = parse_untrusted_xml(text, "text");
    REQUIRE(doc.ok());
    xmlNode* root = xmlDocGetRootElement(doc->get());
    auto a = element_source(text, first_child_element(root, "urn:a", "a"));
    REQUIRE(a.ok());
    CHECK(*a == "<a xmlns=\"urn:a\" k=\"v\"><b/></a>");
    auto e = element_source(text, first_child_element(root, "urn:e", "e"));
    REQUIRE(e.ok());
    CHECK(*e == "<e xmlns=\"urn:e\"/>");
    auto whole = element_source(text, root);
    REQUIRE(whole.ok());
    CHECK(*whole == text);
  }
}
