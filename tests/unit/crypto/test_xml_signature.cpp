#include <doctest/doctest.h>

#include <string>

#include "crypto/identity.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

namespace {

const char* const document_with_str =
    "<r xmlns:wsu='http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd'"
    " xmlns:wsse='http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd'>"
    "<saml:Assertion xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion' ID='_a1'><saml:Issuer>sts</saml:Issuer>"
    "</saml:Assertion>"
    "<wsse:SecurityTokenReference wsu:Id='str'><wsse:KeyIdentifier "
    "ValueType='http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID'>_a1</wsse:KeyIdentifier>"
    "</wsse:SecurityTokenReference>"
    "<body wsu:Id='body'>hello</body></r>";

const crypto::Identity& signer() {
  static crypto::Identity identity = testing::make_identity("signer");
  return identity;
}

XmlDocPtr signed_document() {
  auto doc = parse_untrusted_xml(document_with_str, "test");
  REQUIRE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  auto signature = add_signature_template(root);
  REQUIRE(signature.ok());
  REQUIRE(add_reference(*signature, "body", false).ok());
  REQUIRE(add_str_reference(*signature, "str").ok());
  REQUIRE(add_x509_key_info(*signature).ok());
  auto status = sign(*signature, signer());
  REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().message));
  return std::move(doc).value();
}

xmlNode* signature_of(xmlDoc* doc) {
  return first_child_element(xmlDocGetRootElement(doc), ns::ds, "Signature");
}

} // namespace

TEST_SUITE("crypto::xml::signature") {
  TEST_CASE("STR-Transform reference digests the dereferenced assertion and verifies") {
    XmlDocPtr doc = signed_document();
    auto verified = verify(signature_of(doc.get()), signer().certificate.get());
    REQUIRE_MESSAGE(verified.ok(), (verified.ok() ? "" : verified.error().message));
    xmlNode* root = xmlDocGetRootElement(doc.get());
    CHECK(verified->covers(first_child_element(root, nullptr, "body")));
    CHECK(verified->covers(first_child_element(root, ns::saml, "Assertion")));
    REQUIRE(verified->references.size() == 2);
    CHECK(verified->references[1].uri == "#str");
  }
  TEST_CASE("changing the assertion breaks the STR reference") {
    XmlDocPtr doc = signed_document();
    xmlNode* assertion = first_child_element(xmlDocGetRootElement(doc.get()), ns::saml, "Assertion");
    xmlNodeSetContent(first_child_element(assertion, ns::saml, "Issuer"), reinterpret_cast<const xmlChar*>("evil-sts"));
    auto verified = verify(signature_of(doc.get()), signer().certificate.get());
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "xmldsig.reference");
    CHECK(verified.error().message.find("#str") != std::string::npos);
  }
  TEST_CASE("a different key does not verify") {
    XmlDocPtr doc = signed_document();
    crypto::Identity other = testing::make_identity("other");
    auto verified = verify(signature_of(doc.get()), other.certificate.get());
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "xmldsig.signature");
  }
  TEST_CASE("the signed document survives serialise + reparse") {
    XmlDocPtr doc = signed_document();
    std::string text = serialize_document(doc.get());
    auto reparsed = parse_untrusted_xml(text, "reparsed");
    REQUIRE(reparsed.ok());
    CHECK(verify(signature_of(reparsed->get()), signer().certificate.get()).ok());
  }
}

TEST_SUITE("crypto::xml::signature policy") {
  TEST_CASE("an XPointer reference is refused even though its digest is right") {
    auto doc = parse_untrusted_xml(document_with_str, "test");
    REQUIRE(doc.ok());
    xmlNode* root = xmlDocGetRootElement(doc->get());
    auto signature = add_signature_template(root);
    REQUIRE(signature.ok());
    REQUIRE(add_reference(*signature, "xpointer(id('body'))", false).ok());
    REQUIRE(sign(*signature, signer()).ok());
    auto verified = verify(*signature, signer().certificate.get());
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "xmldsig.malformed");
  }
}

TEST_SUITE("crypto::xml::signature reference resolution") {
  // References are resolved without XPointer only where that selects exactly what XPointer would
  // (xml_signature.cpp); an ID XPointer cannot express keeps failing as it always did.
  TEST_CASE("a reference to an ID with an apostrophe is malformed, as through XPointer") {
    XmlDocPtr doc = signed_document();
    xmlNode* root = xmlDocGetRootElement(doc.get());
    xmlNode* body = first_child_element(root, nullptr, "body");
    xmlSetNsProp(body, xmlSearchNsByHref(doc.get(), body, reinterpret_cast<const xmlChar*>(ns::wsu)),
                 reinterpret_cast<const xmlChar*>("Id"), reinterpret_cast<const xmlChar*>("bo'dy"));
    xmlNode* signed_info = first_child_element(signature_of(doc.get()), ns::ds, "SignedInfo");
    xmlNode* reference = first_child_element(signed_info, ns::ds, "Reference");
    xmlSetProp(reference, reinterpret_cast<const xmlChar*>("URI"), reinterpret_cast<const xmlChar*>("#bo'dy"));
    REQUIRE(register_ids(doc.get()).ok());
    REQUIRE(element_by_id(doc.get(), "bo'dy") == body);
    auto verified = verify(signature_of(doc.get()), signer().certificate.get());
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "xmldsig.malformed");
  }
}
