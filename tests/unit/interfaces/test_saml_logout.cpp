#include <doctest/doctest.h>

#include <string>

#include "crypto/xml/encoding.hpp"
#include "interfaces/saml/logout.hpp"
#include "interfaces/saml/redirect_binding.hpp"
#include "tests/unit/support/test_certs.hpp"
#include "util/base64.hpp"

using namespace klarmeld;

namespace {

const crypto::Identity& sp() {
  static crypto::Identity identity = testing::make_identity("vendor sp");
  return identity;
}

saml::LogoutRequestSpec request_spec(const std::string& id, const std::string& name_id) {
  saml::LogoutRequestSpec spec;
  spec.id = id;
  spec.issuer = "https://saml.adgangsstyring.eksterntest-stoettesystemerne.dk";
  spec.destination = "https://vendor.example/saml/slo";
  spec.name_id = name_id;
  return spec;
}

saml::LogoutResponseSpec response_spec() {
  saml::LogoutResponseSpec spec;
  spec.in_response_to = "_req1";
  spec.issuer = "https://saml.vendor.example";
  spec.destination = "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/saml2/signoff.idp";
  return spec;
}

} // namespace

TEST_SUITE("saml::logout") {
  TEST_CASE("a signed LogoutRequest reads back with its facts") {
    saml::LogoutRequestSpec spec = request_spec("_req1", "user-1");
    spec.session_index = "s1";
    auto xml = saml::build_signed_logout_request(spec, sp());
    REQUIRE(xml.ok());
    auto message = saml::read_logout_message(*xml, {});
    REQUIRE(message.ok());
    CHECK(message->is_request);
    CHECK(message->id == "_req1");
    CHECK(message->destination == spec.destination);
    CHECK(message->name_id == "user-1");
    CHECK(message->session_index == "s1");
    CHECK_FALSE(message->signer_trusted);
  }
  TEST_CASE("for the HTTP-Redirect binding the LogoutRequest carries no XML signature; the query does") {
    const saml::LogoutRequestSpec spec = request_spec("_req2", "user-2");
    const std::string xml = saml::build_logout_request(spec);
    CHECK(xml.find("Signature") == std::string::npos);
    auto url = saml::redirect_binding_url(spec.destination, "SAMLRequest", xml, "rs", &sp());
    REQUIRE(url.ok());
    auto carried = saml::read_redirect_binding(*url, "SAMLRequest");
    REQUIRE(carried.ok());
    std::vector<crypto::X509Ptr> signers;
    REQUIRE(X509_up_ref(sp().certificate.get()) == 1);
    signers.emplace_back(sp().certificate.get());
    CHECK(saml::verify_redirect_signature(*carried, signers).ok());
    saml::LogoutVerifyPolicy policy;
    policy.signed_by_binding = true;
    auto message = saml::read_logout_message(carried->xml, policy);
    REQUIRE(message.ok());
    CHECK(message->is_request);
    CHECK(message->id == "_req2");
    CHECK(message->destination == spec.destination);
    // As XML alone it is unsigned: a reader that expects an XML signature refuses it.
    CHECK_FALSE(saml::read_logout_message(xml, {}).ok());
  }
  TEST_CASE("a LogoutResponse verifies against the trusted SP certificate") {
    auto xml = saml::build_signed_logout_response(response_spec(), sp());
    REQUIRE(xml.ok());
    std::vector<crypto::X509Ptr> trusted;
    trusted.emplace_back(X509_dup(sp().certificate.get()));
    saml::LogoutVerifyPolicy policy;
    policy.trusted_signers = &trusted;
    auto message = saml::read_logout_message(*xml, policy);
    REQUIRE(message.ok());
    CHECK(message->signer_trusted);
    CHECK(message->status_code == saml::status_success);
    CHECK(message->in_response_to == "_req1");
  }
  TEST_CASE("a LogoutResponse signed by another key is refused when the SP key is known") {
    crypto::Identity other = testing::make_identity("other");
    auto xml = saml::build_signed_logout_response(response_spec(), other);
    REQUIRE(xml.ok());
    std::vector<crypto::X509Ptr> trusted;
    trusted.emplace_back(X509_dup(sp().certificate.get()));
    saml::LogoutVerifyPolicy policy;
    policy.trusted_signers = &trusted;
    auto message = saml::read_logout_message(*xml, policy);
    REQUIRE_FALSE(message.ok());
    CHECK(message.error().code == "saml.untrusted-signer");
  }
  TEST_CASE("an unsigned or altered response is refused") {
    auto xml = saml::build_signed_logout_response(response_spec(), sp());
    REQUIRE(xml.ok());
    std::string altered = *xml;
    altered.replace(altered.find("_req1"), 5, "_req2");
    auto message = saml::read_logout_message(altered, {});
    REQUIRE_FALSE(message.ok());
    CHECK(message.error().code == "saml.signature-invalid");
    std::string unsigned_xml = "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_x\" "
                               "Version=\"2.0\"/>";
    auto unsigned_message = saml::read_logout_message(unsigned_xml, {});
    REQUIRE_FALSE(unsigned_message.ok());
    CHECK(unsigned_message.error().code == "saml.signature-missing");
  }
  TEST_CASE("HTTP-POST binding round trip, form-encoded and as an HTML form") {
    std::string xml = "<samlp:LogoutResponse/>";
    std::string form = saml::post_binding_form_body("SAMLResponse", xml, "rs");
    auto decoded = saml::saml_message_from_post_binding(form, "SAMLResponse");
    REQUIRE(decoded.ok());
    CHECK(*decoded == xml);
    std::string html = "<html><body><form method=\"post\" action=\"x\"><input type=\"hidden\" name=\"SAMLResponse\" "
                       "value=\"" +
                       klarmeld::base64_encode(xml) + "\"/></form></body></html>";
    auto from_html = saml::saml_message_from_post_binding(html, "SAMLResponse");
    REQUIRE(from_html.ok());
    CHECK(*from_html == xml);
  }
}
