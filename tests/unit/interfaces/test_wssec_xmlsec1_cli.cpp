// Independent check: what we sign must verify with the xmlsec1 command-line tool (a separate program,
// its own ID handling and key loading), and must stop verifying once tampered with.
#include <doctest/doctest.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <string>

#include "crypto/identity.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/wssec/oioidws_envelope.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "interfaces/wssec/ws_trust.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;

namespace {

struct Outcome {
  int status = -1;
  std::string output;
};

Outcome run(const std::string& command) {
  Outcome outcome;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 512> buffer{};
  size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    outcome.output.append(buffer.data(), read);
  }
  outcome.status = pclose(pipe);
  return outcome;
}

std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

const char* const wsu_ids = " --id-attr:Id http://www.w3.org/2005/08/addressing:Action"
                            " --id-attr:Id http://www.w3.org/2005/08/addressing:MessageID"
                            " --id-attr:Id http://www.w3.org/2005/08/addressing:To"
                            " --id-attr:Id http://www.w3.org/2005/08/addressing:ReplyTo"
                            " --id-attr:Id http://www.w3.org/2003/05/soap-envelope:Body"
                            " --id-attr:Id http://docs.oasis-open.org/wss/2004/01/"
                            "oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp"
                            " --id-attr:Id http://docs.oasis-open.org/wss/2004/01/"
                            "oasis-200401-wss-wssecurity-secext-1.0.xsd:BinarySecurityToken";

// What the STS would put in a token for `caller` to call Organisation with.
saml::AssertionSpec organisation_token_for(const crypto::Identity& caller) {
  saml::AssertionSpec spec;
  spec.issuer = "https://sts.example";
  spec.holder_certificate = caller.certificate.get();
  spec.audience = kombit::organisation_entity_id;
  spec.cvr = "55133018";
  return spec;
}

// An assertion `signer` issues verifies with xmlsec1 from the signer's certificate alone, and stops
// verifying once a claim is changed.
void check_assertion_with_xmlsec1(const std::string& xmlsec1, const crypto::Identity& signer) {
  testing::ScratchDirectory scratch;
  crypto::Identity caller = testing::make_identity("caller");
  auto assertion = saml::issue_assertion(organisation_token_for(caller), signer);
  REQUIRE(assertion.ok());
  std::string cert = scratch.write("signer.pem", crypto::to_pem(signer.certificate.get()));
  std::string good = scratch.write("assertion.xml", *assertion);
  std::string bad = scratch.write("tampered.xml", replace_first(*assertion, ">55133018<", ">29189919<"));
  std::string base = xmlsec1 + " --verify --pubkey-cert-pem " + cert +
                     " --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion ";
  Outcome ok = run(base + good);
  CHECK_MESSAGE(ok.status == 0, ok.output);
  CHECK(ok.output.find("OK") != std::string::npos);
  Outcome tampered = run(base + bad);
  CHECK(tampered.status != 0);
}

} // namespace

TEST_SUITE("wssec::xmlsec1 CLI") {
  TEST_CASE("a signed assertion verifies with xmlsec1, and fails after tampering") {
    std::string xmlsec1 = KLARMELD_XMLSEC1;
    if (xmlsec1.empty()) {
      MESSAGE("xmlsec1 not installed; independent check skipped");
      return;
    }
    check_assertion_with_xmlsec1(xmlsec1, testing::make_identity("sts"));
  }

  TEST_CASE("a key nobody registered is an ordinary RSA-2048 key to xmlsec1, holding its certificate alone") {
    std::string xmlsec1 = KLARMELD_XMLSEC1;
    if (xmlsec1.empty()) {
      MESSAGE("xmlsec1 not installed; independent check skipped");
      return;
    }
    auto key = probes::support::unregistered_rsa_key();
    REQUIRE(key.ok());
    CHECK(EVP_PKEY_get_bits(key->get()) == 2048);
    // Three primes: the third factor is there (RFC 8017 §3.2), and nothing of it reaches the verifier.
    BIGNUM* third = nullptr;
    CHECK(EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_FACTOR3, &third) == 1);
    BN_free(third);
    crypto::Identity owner;
    owner.key = std::move(key).value();
    auto signer = probes::support::stand_in(owner, "klarmeld untrusted IdP");
    REQUIRE(signer.ok());
    check_assertion_with_xmlsec1(xmlsec1, *signer);
  }

  TEST_CASE("a signed RST verifies with xmlsec1, and fails after tampering") {
    std::string xmlsec1 = KLARMELD_XMLSEC1;
    if (xmlsec1.empty()) {
      MESSAGE("xmlsec1 not installed; independent check skipped");
      return;
    }
    testing::ScratchDirectory scratch;
    crypto::Identity system = testing::make_identity("system");
    wssec::RstSpec spec;
    spec.sts_url = "https://sts.example/certificatemixed";
    spec.entity_id = kombit::organisation_entity_id;
    spec.cvr = "55133018";
    auto rst = wssec::build_signed_rst(spec, system);
    REQUIRE(rst.ok());
    std::string cert = scratch.write("system.pem", crypto::to_pem(system.certificate.get()));
    std::string good = scratch.write("rst.xml", rst->xml);
    std::string bad = scratch.write("rst-tampered.xml", replace_first(rst->xml, ">55133018<", ">29189919<"));
    std::string base = xmlsec1 + " --verify --pubkey-cert-pem " + cert + wsu_ids + " ";
    Outcome ok = run(base + good);
    CHECK_MESSAGE(ok.status == 0, ok.output);
    CHECK(ok.output.find("OK") != std::string::npos);
    Outcome tampered = run(base + bad);
    CHECK(tampered.status != 0);
  }
  TEST_CASE("the STR-Transform digest equals SHA-256 of the assertion's exclusive C14N by xmllint") {
    // Independent of our xmlsec transform wiring: xmllint canonicalises the standalone assertion,
    // openssl digests it; WSS 1.1 §8.3 says that is what the STR reference must carry.
    if (std::system("command -v xmllint >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1") != 0) {
      MESSAGE("xmllint/openssl not installed; independent check skipped");
      return;
    }
    testing::ScratchDirectory scratch;
    crypto::Identity sts = testing::make_identity("sts");
    crypto::Identity caller = testing::make_identity("caller");
    auto assertion = saml::issue_assertion(organisation_token_for(caller), sts);
    REQUIRE(assertion.ok());
    wssec::OioidwsRequest request;
    request.endpoint_url = "https://organisation.example/organisation/virksomhed/6/";
    request.action = kombit::action_virksomhed_soeg;
    request.body_xml = "<SoegInput xmlns=\"http://stoettesystemerne.dk/organisation/virksomhed/6/\"/>";
    request.assertion_xml = *assertion;
    auto message = wssec::build_signed_oioidws_request(request, caller);
    REQUIRE(message.ok());
    auto doc = crypto::xml::parse_untrusted_xml(message->xml, "signed request");
    REQUIRE(doc.ok());
    namespace xns = crypto::xml::ns;
    xmlNode* security = wssec::security_header(doc->get());
    xmlNode* embedded = crypto::xml::first_child_element(security, xns::saml, "Assertion");
    REQUIRE(embedded != nullptr);
    std::string digest_value;
    xmlNode* signed_info = crypto::xml::first_child_element(
        crypto::xml::first_child_element(security, xns::ds, "Signature"), xns::ds, "SignedInfo");
    for (xmlNode* reference : crypto::xml::child_elements(signed_info, xns::ds, "Reference")) {
      if (crypto::xml::attribute(reference, "URI") == "#str") {
        digest_value = crypto::xml::trimmed_text(crypto::xml::first_child_element(reference, xns::ds, "DigestValue"));
      }
    }
    REQUIRE_FALSE(digest_value.empty());
    std::string file = scratch.write("assertion.xml", crypto::xml::serialize_element(embedded));
    Outcome digest = run("xmllint --exc-c14n " + file + " | openssl dgst -sha256 -binary | openssl base64 -A");
    REQUIRE(digest.status == 0);
    CHECK(digest.output == digest_value);
  }
}
