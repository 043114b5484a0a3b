#include <doctest/doctest.h>

#include <string>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

namespace {

struct Parties {
  crypto::Identity sts = testing::make_identity("test-ekstern-adgangsstyring (funktionscertifikat)");
  crypto::Identity caller = testing::make_identity(testing::CertificateSpec{"Sagsbehandler Pro", "12345674"});
  std::vector<crypto::X509Ptr> trusted;
  Parties() { trusted.emplace_back(X509_dup(sts.certificate.get())); }
};

Parties& parties() {
  static Parties instance;
  return instance;
}

const TimePoint issued_at = Clock::now() - std::chrono::minutes(10);

saml::AssertionSpec spec() {
  saml::AssertionSpec spec;
  spec.issuer = kombit::sts_issuer;
  spec.holder_certificate = parties().caller.certificate.get();
  spec.audience = kombit::organisation_entity_id;
  spec.issue_instant = issued_at;
  spec.cvr = "55133018";
  spec.privileges = {"http://stoettesystemerne.dk/roles/usersystemrole/organisation/3/laes"};
  return spec;
}

saml::AssertionPolicy policy() {
  saml::AssertionPolicy policy;
  policy.trusted_signers = &parties().trusted;
  policy.expected_issuer = spec().issuer;
  policy.audience = spec().audience;
  policy.cvr = "55133018";
  policy.holder_certificate = parties().caller.certificate.get();
  return policy;
}

std::string issued() {
  auto xml = saml::issue_assertion(spec(), parties().sts);
  REQUIRE(xml.ok());
  return *xml;
}

std::string error_code_of(const std::string& xml, const saml::AssertionPolicy& p) {
  auto validated = saml::validate_assertion(xml, p);
  return validated.ok() ? "ok" : validated.error().code;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_SUITE("saml::assertion") {
  TEST_CASE("an issued assertion validates and reports its facts") {
    auto validated = saml::validate_assertion(issued(), policy());
    REQUIRE_MESSAGE(validated.ok(), (validated.ok() ? "" : validated.error().message));
    CHECK(validated->issuer == spec().issuer);
    CHECK(validated->audience == spec().audience);
    CHECK(validated->cvr == "55133018");
    CHECK(validated->not_on_or_after - validated->not_before == std::chrono::hours(8));
    CHECK(validated->attributes.at(saml::attr_spec_ver).front() == "DK-SAML-2.0");
    auto privileges = saml::privileges_for(*validated, "55133018");
    REQUIRE(privileges.ok());
    CHECK(privileges->size() == 1);
  }
  TEST_CASE("each policy violation has its own reason") {
    std::string xml = issued();
    auto p = policy();
    p.audience = kombit::klassifikation_entity_id;
    CHECK(error_code_of(xml, p) == "saml.audience");
    p = policy();
    p.expected_issuer = "https://evil.example";
    CHECK(error_code_of(xml, p) == "saml.issuer");
    p = policy();
    p.cvr = "29189919";
    CHECK(error_code_of(xml, p) == "saml.cvr");
    p = policy();
    crypto::Identity stranger = testing::make_identity("stranger");
    p.holder_certificate = stranger.certificate.get();
    CHECK(error_code_of(xml, p) == "saml.holder-of-key");
    p = policy();
    p.now = Clock::now() + std::chrono::hours(9);
    CHECK(error_code_of(xml, p) == "saml.expired");
    p = policy();
    p.now = issued_at - std::chrono::hours(1);
    CHECK(error_code_of(xml, p) == "saml.not-yet-valid");
  }
  TEST_CASE("an assertion signed by an untrusted key is refused") {
    crypto::Identity rogue = testing::make_identity("rogue sts");
    auto xml = saml::issue_assertion(spec(), rogue);
    REQUIRE(xml.ok());
    CHECK(error_code_of(*xml, policy()) == "saml.untrusted-signer");
  }
  TEST_CASE("tampering with a signed attribute breaks the signature") {
    std::string tampered = replace_once(issued(), ">55133018<", ">29189919<");
    CHECK(error_code_of(tampered, policy()) == "saml.signature-invalid");
  }
  TEST_CASE("an unsigned assertion is refused") {
    auto doc = saml::build_assertion(spec());
    REQUIRE(doc.ok());
    CHECK(error_code_of(serialize_element(xmlDocGetRootElement(doc->get())), policy()) == "saml.signature-missing");
  }
  TEST_CASE("signature wrapping: a signed assertion hidden inside an evil one is detected") {
    // The evil assertion reuses no ID; it wraps the genuine signed assertion and copies its signature.
    std::string genuine = issued();
    auto genuine_doc = parse_untrusted_xml(genuine, "genuine");
    REQUIRE(genuine_doc.ok());
    xmlNode* genuine_root = xmlDocGetRootElement(genuine_doc->get());
    std::string signature = serialize_element(first_child_element(genuine_root, ns::ds, "Signature"));
    std::string evil = replace_once(genuine, ">55133018<", ">29189919<");
    evil = replace_once(evil, "ID=\"", "ID=\"evil");
    // Put the genuine assertion (with its ID) inside the evil one's Issuer extension point.
    evil = replace_once(evil, "</saml:Assertion>", genuine + "</saml:Assertion>");
    auto validated = saml::validate_assertion(evil, policy());
    REQUIRE_FALSE(validated.ok());
    CHECK((validated.error().code == "saml.signature-wrapping" || validated.error().code == "saml.signature-invalid"));
    (void)signature;
  }
}
