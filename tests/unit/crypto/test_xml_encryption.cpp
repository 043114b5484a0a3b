#include <doctest/doctest.h>

#include <string>

#include "crypto/identity.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_encryption.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

namespace {

const char* const assertion = "<saml:Assertion xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion' ID='_a1'>"
                              "<saml:Issuer>idp</saml:Issuer><saml:Subject><saml:NameID>jens</saml:NameID>"
                              "</saml:Subject></saml:Assertion>";

const crypto::Identity& recipient() {
  static crypto::Identity identity = testing::make_identity("sp-encryption");
  return identity;
}

// The EncryptedData inside a SAML-like EncryptedAssertion wrapper, parsed as an SP would.
XmlDocPtr wrapped(const std::string& encrypted) {
  auto doc = parse_untrusted_xml("<saml:EncryptedAssertion xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion'>" +
                                     encrypted + "</saml:EncryptedAssertion>",
                                 "test");
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

xmlNode* encrypted_data_of(xmlDoc* doc) {
  return first_child_element(xmlDocGetRootElement(doc), ns::xenc, "EncryptedData");
}

} // namespace

TEST_CASE("an encrypted element decrypts with the recipient's key, for every data algorithm") {
  for (DataEncryption algorithm :
       {DataEncryption::Aes128Cbc, DataEncryption::Aes256Cbc, DataEncryption::Aes128Gcm, DataEncryption::Aes256Gcm}) {
    const std::string uri = uri_of(algorithm);
    CAPTURE(uri);
    auto encrypted = encrypt_element_text(assertion, recipient().certificate.get(), algorithm);
    REQUIRE_MESSAGE(encrypted.ok(), (encrypted.ok() ? "" : encrypted.error().message));
    CHECK(encrypted->find("jens") == std::string::npos);
    CHECK(encrypted->find(uri_of(algorithm)) != std::string::npos);
    CHECK(encrypted->find(ns::rsa_oaep_mgf1p) != std::string::npos);
    XmlDocPtr doc = wrapped(*encrypted);
    auto plain = decrypt_element(encrypted_data_of(doc.get()), recipient().key.get());
    REQUIRE_MESSAGE(plain.ok(), (plain.ok() ? "" : plain.error().message));
    CHECK(is_element(*plain, ns::saml, "Assertion"));
    CHECK(attribute(*plain, "ID") == "_a1");
    CHECK(trimmed_text(first_descendant(*plain, ns::saml, "NameID")) == "jens");
    CHECK((*plain)->parent == xmlDocGetRootElement(doc.get()));
  }
}

TEST_CASE("an element encrypted to another key does not decrypt") {
  const crypto::Identity other = testing::make_identity("someone-else");
  auto encrypted = encrypt_element_text(assertion, other.certificate.get(), DataEncryption::Aes256Gcm);
  REQUIRE(encrypted.ok());
  XmlDocPtr doc = wrapped(*encrypted);
  auto plain = decrypt_element(encrypted_data_of(doc.get()), recipient().key.get());
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().code == "xmlenc.decrypt");
}

TEST_CASE("RSA PKCS#1 v1.5 key transport is refused") {
  auto encrypted = encrypt_element_text(assertion, recipient().certificate.get(), DataEncryption::Aes256Gcm);
  REQUIRE(encrypted.ok());
  std::string downgraded = *encrypted;
  const std::string oaep = ns::rsa_oaep_mgf1p;
  downgraded.replace(downgraded.find(oaep), oaep.size(), "http://www.w3.org/2001/04/xmlenc#rsa-1_5");
  XmlDocPtr doc = wrapped(downgraded);
  auto plain = decrypt_element(encrypted_data_of(doc.get()), recipient().key.get());
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().code == "xmlenc.malformed");
}

TEST_CASE("the data algorithm URIs read back") {
  CHECK(data_encryption_from_uri("http://www.w3.org/2009/xmlenc11#aes256-gcm") == DataEncryption::Aes256Gcm);
  CHECK(data_encryption_from_uri("http://www.w3.org/2001/04/xmlenc#aes128-cbc") == DataEncryption::Aes128Cbc);
  CHECK_FALSE(data_encryption_from_uri("http://www.w3.org/2001/04/xmlenc#tripledes-cbc").has_value());
}
