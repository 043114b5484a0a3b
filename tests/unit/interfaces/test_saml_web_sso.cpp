// Web Browser SSO messages (SAML profiles §4.1): the SP's AuthnRequest and the IdP's Response with a
// signed bearer assertion, built and read back; the reader refuses what an SP must refuse.
#include <doctest/doctest.h>

#include <string>

#include "interfaces/saml/sp_metadata.hpp"
#include "interfaces/saml/web_sso.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;

namespace {

const crypto::Identity& idp() {
  static crypto::Identity identity = testing::make_identity("context handler");
  return identity;
}

std::vector<crypto::X509Ptr> trusting(const crypto::Identity& identity) {
  std::vector<crypto::X509Ptr> list;
  list.emplace_back(X509_dup(identity.certificate.get()));
  return list;
}

saml::SsoResponseSpec sso_response_spec() {
  saml::SsoResponseSpec spec;
  spec.assertion_id = "_assertion1";
  spec.issuer = "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime";
  spec.destination = "https://sp.example.dk/saml/acs";
  spec.in_response_to = "_authn1";
  spec.audience = "https://saml.sp.example.dk";
  spec.name_id = "testbruger";
  spec.session_index = "_session1";
  spec.attributes.push_back({"https://data.gov.dk/model/core/specVersion", {"OIO-SAML-3.0"}});
  return spec;
}

} // namespace

TEST_SUITE("saml::web_sso") {
  TEST_CASE("an AuthnRequest reads back with its ID, Issuer, Destination and ACS") {
    saml::AuthnRequestSpec spec;
    spec.id = "_authn1";
    spec.issuer = "https://saml.sp.example.dk";
    spec.destination = "https://idp.example.dk/sso";
    spec.acs_url = "https://sp.example.dk/saml/acs";
    auto info = saml::read_authn_request(saml::build_authn_request(spec));
    REQUIRE(info.ok());
    CHECK(info->id == "_authn1");
    CHECK(info->issuer == spec.issuer);
    CHECK(info->destination == spec.destination);
    CHECK(info->acs_url == spec.acs_url);
    CHECK(info->protocol_binding == saml::binding_http_post);
    CHECK_FALSE(saml::read_authn_request("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"));
  }

  TEST_CASE("a signed Response reads back with every field the SP checks") {
    auto xml = saml::build_sso_response(sso_response_spec(), idp());
    REQUIRE(xml.ok());
    auto login = saml::read_sso_response(*xml, trusting(idp()));
    REQUIRE_MESSAGE(login.ok(), (login.ok() ? "" : login.error().message));
    CHECK(login->destination == "https://sp.example.dk/saml/acs");
    CHECK(login->in_response_to == "_authn1");
    CHECK(login->status_code == "urn:oasis:names:tc:SAML:2.0:status:Success");
    CHECK(login->assertion_id == "_assertion1");
    CHECK(login->name_id == "testbruger");
    CHECK(login->session_index == "_session1");
    CHECK(login->audience == "https://saml.sp.example.dk");
    CHECK(login->recipient == "https://sp.example.dk/saml/acs");
    CHECK(login->confirmation_in_response_to == "_authn1");
    CHECK(login->not_before < Clock::now());
    CHECK(login->not_on_or_after > Clock::now());
  }

  TEST_CASE("the reader refuses an untrusted signer, a change after signing and a second assertion") {
    auto xml = saml::build_sso_response(sso_response_spec(), idp());
    REQUIRE(xml.ok());
    auto other = testing::make_identity("another idp");
    auto untrusted = saml::read_sso_response(*xml, trusting(other));
    REQUIRE_FALSE(untrusted.ok());
    CHECK(untrusted.error().code == "saml.untrusted-signer");

    std::string tampered = *xml;
    tampered.replace(tampered.find(">testbruger<"), 12, ">admin<");
    auto changed = saml::read_sso_response(tampered, trusting(idp()));
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().code == "saml.signature-invalid");

    std::string wrapped = *xml;
    const size_t start = wrapped.find("<saml:Assertion");
    const size_t end = wrapped.find("</saml:Assertion>") + std::string("</saml:Assertion>").size();
    std::string copy = wrapped.substr(start, end - start);
    wrapped.insert(start, copy);
    auto twice = saml::read_sso_response(wrapped, trusting(idp()));
    REQUIRE_FALSE(twice.ok());
    // A copied assertion repeats its ID: refused before any signature is looked at.
    CHECK(twice.error().message.find("used by more than one element") != std::string::npos);
  }

  TEST_CASE("an encrypted assertion decrypts with the SP's key and its signature then verifies") {
    const crypto::Identity sp = testing::make_identity("sp encryption");
    saml::SsoResponseSpec spec = sso_response_spec();
    spec.encrypt_to = sp.certificate.get();
    spec.data_encryption = crypto::xml::DataEncryption::Aes128Cbc;
    auto xml = saml::build_sso_response(spec, idp());
    REQUIRE(xml.ok());
    // Core §6.2: the assertion travels only as cipher text.
    CHECK(xml->find("<saml:EncryptedAssertion>") != std::string::npos);
    CHECK(xml->find("testbruger") == std::string::npos);
    CHECK(xml->find("http://www.w3.org/2001/04/xmlenc#aes128-cbc") != std::string::npos);
    auto login = saml::read_sso_response(*xml, trusting(idp()), true, sp.key.get());
    REQUIRE_MESSAGE(login.ok(), (login.ok() ? "" : login.error().message));
    CHECK(login->encrypted);
    CHECK(login->name_id == "testbruger");
    CHECK(login->assertion_id == "_assertion1");

    // The signature is on the assertion inside: a change to the plaintext before encryption shows.
    spec.forgery = saml::SsoForgery::TamperedAfterSigning;
    auto tampered = saml::build_sso_response(spec, idp());
    REQUIRE(tampered.ok());
    auto refused = saml::read_sso_response(*tampered, trusting(idp()), true, sp.key.get());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "saml.signature-invalid");
  }

  TEST_CASE("an encrypted assertion is refused without the key it was encrypted to") {
    const crypto::Identity sp = testing::make_identity("sp encryption");
    const crypto::Identity other = testing::make_identity("another sp");
    saml::SsoResponseSpec spec = sso_response_spec();
    spec.encrypt_to = sp.certificate.get();
    auto xml = saml::build_sso_response(spec, idp());
    REQUIRE(xml.ok());
    auto wrong_key = saml::read_sso_response(*xml, trusting(idp()), true, other.key.get());
    REQUIRE_FALSE(wrong_key.ok());
    CHECK(wrong_key.error().code == "xmlenc.decrypt");
    auto no_key = saml::read_sso_response(*xml, trusting(idp()));
    REQUIRE_FALSE(no_key.ok());
    CHECK(no_key.error().code == "saml.encrypted");
  }

  TEST_CASE("the data encryption is the first the metadata offers that klarmeld has, else AES-256-GCM") {
    using crypto::xml::DataEncryption;
    CHECK(saml::choose_data_encryption({}) == DataEncryption::Aes256Gcm);
    CHECK(saml::choose_data_encryption(
              {"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
               "http://www.w3.org/2001/04/xmlenc#aes128-cbc", "http://www.w3.org/2009/xmlenc11#aes256-gcm"}) ==
          DataEncryption::Aes128Cbc);
  }

  TEST_CASE("SP metadata: encryption certificates and methods from KeyDescriptors for encryption or no use") {
    const crypto::Identity signing = testing::make_identity("sp signing");
    const crypto::Identity encryption = testing::make_identity("sp encryption");
    auto descriptor = [](const char* use, const crypto::Identity& identity, const std::string& methods) {
      return std::string("<md:KeyDescriptor") + use + "><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" +
             crypto::to_base64_der(identity.certificate.get()) + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>" +
             methods + "</md:KeyDescriptor>";
    };
    const std::string metadata =
        std::string("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                    "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"https://saml.sp.example.dk\">"
                    "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">") +
        descriptor(" use=\"signing\"", signing, "") +
        descriptor(" use=\"encryption\"", encryption,
                   "<md:EncryptionMethod Algorithm=\" http://www.w3.org/2009/xmlenc11#aes128-gcm \"/>") +
        "</md:SPSSODescriptor></md:EntityDescriptor>";
    auto read = saml::read_sp_metadata(metadata);
    REQUIRE(read.ok());
    REQUIRE(read->encryption_certificates.size() == 1);
    CHECK(X509_cmp(read->encryption_certificates.front().get(), encryption.certificate.get()) == 0);
    REQUIRE(read->signing_certificates.size() == 1);
    CHECK(read->encryption_methods == std::vector<std::string>{"http://www.w3.org/2009/xmlenc11#aes128-gcm"});
    CHECK(saml::choose_data_encryption(read->encryption_methods) == crypto::xml::DataEncryption::Aes128Gcm);

    // No use: the one key serves both (saml-metadata-2.0-os §2.4.1.1).
    auto both = saml::read_sp_metadata(
        std::string("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                    "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"https://saml.sp.example.dk\">"
                    "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">") +
        descriptor("", signing, "") + "</md:SPSSODescriptor></md:EntityDescriptor>");
    REQUIRE(both.ok());
    CHECK(both->encryption_certificates.size() == 1);
    CHECK(both->signing_certificates.size() == 1);
  }
}
