#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "interfaces/wssec/oioidws_envelope.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "interfaces/wssec/ws_trust.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;
namespace wns = klarmeld::wssec::ns;

namespace {

struct EnvelopeParties {
  crypto::Identity sts = testing::make_identity("test-ekstern-adgangsstyring (funktionscertifikat)");
  crypto::Identity system = testing::make_identity(testing::CertificateSpec{"Sagsbehandler Pro", "12345674"});
  crypto::Identity stranger = testing::make_identity("stranger");
};

EnvelopeParties& envelope_parties() {
  static EnvelopeParties instance;
  return instance;
}

wssec::RstSpec rst_spec() {
  wssec::RstSpec spec;
  spec.sts_url =
      "https://adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/services/kombittrust/14/certificatemixed";
  spec.entity_id = kombit::organisation_entity_id;
  spec.cvr = "55133018";
  return spec;
}

wssec::VerifyPolicy rst_policy() {
  wssec::VerifyPolicy policy;
  policy.required_signed_headers = wssec::rst_required_signed_headers();
  policy.allow_saml_holder_of_key = false;
  return policy;
}

XmlDocPtr parse(const std::string& xml) {
  auto doc = parse_untrusted_xml(xml, "test");
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

std::string verify_code(const std::string& xml, const wssec::VerifyPolicy& policy) {
  XmlDocPtr doc = parse(xml);
  auto verified = wssec::verify_soap_envelope(doc.get(), policy);
  return verified.ok() ? "ok" : verified.error().code;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

std::string issued_assertion() {
  saml::AssertionSpec spec;
  spec.issuer = kombit::sts_issuer;
  spec.holder_certificate = envelope_parties().system.certificate.get();
  spec.audience = kombit::organisation_entity_id;
  spec.cvr = "55133018";
  auto xml = saml::issue_assertion(spec, envelope_parties().sts);
  REQUIRE(xml.ok());
  return *xml;
}

wssec::OioidwsRequest oioidws_request_with(const std::string& assertion) {
  wssec::OioidwsRequest request;
  request.endpoint_url = "https://organisation.eksterntest-stoettesystemerne.dk/organisation/virksomhed/6/";
  request.action = kombit::action_virksomhed_soeg;
  request.body_xml = "<SoegInput xmlns=\"http://stoettesystemerne.dk/organisation/virksomhed/6/\">"
                     "<AttributListe><Egenskab><CVRNummerTekst>55133018</CVRNummerTekst></Egenskab>"
                     "</AttributListe></SoegInput>";
  request.assertion_xml = assertion;
  return request;
}

wssec::OioidwsRequest oioidws_request() {
  return oioidws_request_with(issued_assertion());
}

wssec::VerifyPolicy wsp_policy() {
  wssec::VerifyPolicy policy;
  policy.required_signed_headers = wssec::oioidws_required_signed_headers();
  policy.allow_binary_security_token = false;
  return policy;
}

} // namespace

TEST_SUITE("wssec::rst") {
  TEST_CASE("a signed RST verifies, names the BST key and has the §2.1 content") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    XmlDocPtr doc = parse(message->xml);
    auto verified = wssec::verify_soap_envelope(doc.get(), rst_policy());
    REQUIRE_MESSAGE(verified.ok(), (verified.ok() ? "" : verified.error().message));
    CHECK(verified->key_source == wssec::SigningKeySource::BinarySecurityToken);
    CHECK(same_certificate(verified->certificate.get(), envelope_parties().system.certificate.get()));
    CHECK(verified->signs(verified->body));
    CHECK(verified->signs(verified->timestamp));
    CHECK(verified->signs(verified->binary_token));
    CHECK(verified->signs(verified->header_element(wns::wsa, "ReplyTo")));
    CHECK(verified->signature.references.size() == 7);
    auto rst = wssec::read_rst(*verified);
    REQUIRE(rst.ok());
    CHECK(rst->entity_id == kombit::organisation_entity_id);
    CHECK(rst->cvr == "55133018");
    CHECK(rst->key_type == wns::wst_public_key);
    CHECK(rst->token_type == ns::saml2_token_type);
    CHECK(rst->message_id == message->message_id);
    REQUIRE(rst->use_key);
    CHECK(same_certificate(rst->use_key.get(), envelope_parties().system.certificate.get()));
  }
  TEST_CASE("timestamps are UTC with exactly milliseconds") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    XmlDocPtr doc = parse(message->xml);
    std::string created = trimmed_text(first_descendant(xmlDocGetRootElement(doc.get()), ns::wsu, "Created"));
    REQUIRE(created.size() == 24);
    CHECK(created[19] == '.');
    CHECK(created.back() == 'Z');
  }
  TEST_CASE("tampering with each signed part fails with a digest mismatch naming it") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    CHECK(verify_code(replace_once(message->xml, "55133018", "29189919"), rst_policy()) == "wssec.digest-mismatch");
    CHECK(verify_code(replace_once(message->xml, "/RST/Issue<", "/RST/Cancel<"), rst_policy()) ==
          "wssec.digest-mismatch");
    CHECK(verify_code(replace_once(message->xml, "certificatemixed<", "certificate<"), rst_policy()) ==
          "wssec.digest-mismatch");
    CHECK(verify_code(replace_once(message->xml, "<wsu:Expires>20", "<wsu:Expires>21"), rst_policy()) ==
          "wssec.digest-mismatch");
    CHECK(verify_code(replace_once(message->xml, ">urn:uuid:", ">urn:uuid:0"), rst_policy()) ==
          "wssec.digest-mismatch");
    CHECK(verify_code(replace_once(message->xml, "anonymous<", "anonymous-not<"), rst_policy()) ==
          "wssec.digest-mismatch");
  }
  TEST_CASE("a different key in the BST fails the signature") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    std::string ours = crypto::to_base64_der(envelope_parties().system.certificate.get());
    std::string theirs = crypto::to_base64_der(envelope_parties().stranger.certificate.get());
    std::string swapped = replace_once(message->xml, "wsu:Id=\"bst\"", "wsu:Id=\"bst\" x=\"\"");
    swapped = replace_once(swapped, ours + "</wsse:BinarySecurityToken>", theirs + "</wsse:BinarySecurityToken>");
    CHECK(verify_code(swapped, rst_policy()) != "ok");
  }
  TEST_CASE("signature wrapping: the signed Body moved into a header, an evil Body in its place") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    XmlDocPtr doc = parse(message->xml);
    xmlNode* body = wssec::soap_body(doc.get());
    xmlNode* header = wssec::soap_header(doc.get());
    xmlUnlinkNode(body);
    xmlNode* wrapper = xmlNewChild(header, nullptr, reinterpret_cast<const xmlChar*>("Wrapper"), nullptr);
    xmlAddChild(wrapper, body);
    std::string evil_body = std::string("<s:Body xmlns:s=\"") + wns::soap12 + "\"><Evil/></s:Body>";
    auto evil = parse(evil_body);
    xmlNode* copy = xmlDocCopyNode(xmlDocGetRootElement(evil.get()), doc.get(), 1);
    xmlAddChild(xmlDocGetRootElement(doc.get()), copy);
    std::string wrapped = serialize_document(doc.get());
    CHECK(verify_code(wrapped, rst_policy()) == "wssec.body-not-signed");
  }
  TEST_CASE("duplicate wsu:Id (a second element claiming the signed Body's id) is refused") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    std::string duplicated = replace_once(message->xml, "</s:Header>", "<x wsu:Id=\"body\"/></s:Header>");
    CHECK(verify_code(duplicated, rst_policy()) == "xml.duplicate-id");
  }
  TEST_CASE("an expired or future Timestamp is refused") {
    auto spec = rst_spec();
    spec.now = Clock::now() - std::chrono::hours(1);
    auto old = wssec::build_signed_rst(spec, envelope_parties().system);
    REQUIRE(old.ok());
    CHECK(verify_code(old->xml, rst_policy()) == "wssec.timestamp-expired");
    spec.now = Clock::now() + std::chrono::hours(1);
    auto future = wssec::build_signed_rst(spec, envelope_parties().system);
    REQUIRE(future.ok());
    CHECK(verify_code(future->xml, rst_policy()) == "wssec.timestamp-future");
  }
}

TEST_SUITE("wssec::rstr") {
  TEST_CASE("the STS answer round-trips: signed, readable, assertion still valid in place") {
    std::string assertion = issued_assertion();
    auto assertion_doc = parse(assertion);
    wssec::RstrSpec spec;
    spec.assertion_xml = assertion;
    spec.assertion_id = attribute(xmlDocGetRootElement(assertion_doc.get()), "ID");
    spec.entity_id = kombit::organisation_entity_id;
    spec.relates_to = "urn:uuid:1";
    spec.created = Clock::now();
    spec.expires = spec.created + std::chrono::hours(8);
    auto rstr = wssec::build_signed_rstr(spec, envelope_parties().sts);
    REQUIRE(rstr.ok());
    XmlDocPtr doc = parse(rstr->xml);
    wssec::VerifyPolicy policy;
    policy.required_signed_headers = {"Action", "RelatesTo"};
    auto verified = wssec::verify_soap_envelope(doc.get(), policy);
    REQUIRE_MESSAGE(verified.ok(), (verified.ok() ? "" : verified.error().message));
    CHECK(same_certificate(verified->certificate.get(), envelope_parties().sts.certificate.get()));
    auto contents = wssec::read_rstr(doc.get());
    REQUIRE(contents.ok());
    CHECK(contents->applies_to == spec.entity_id);
    CHECK(contents->has_lifetime);
    std::vector<crypto::X509Ptr> trusted;
    trusted.emplace_back(X509_dup(envelope_parties().sts.certificate.get()));
    saml::AssertionPolicy assertion_policy;
    assertion_policy.trusted_signers = &trusted;
    CHECK(saml::validate_assertion(contents->assertion, assertion_policy).ok());
    // Extracted standalone, it still validates (namespaces travel with it).
    CHECK(saml::validate_assertion(serialize_element(contents->assertion), assertion_policy).ok());
  }
  TEST_CASE("a SOAP fault answer is reported with code and reason") {
    auto doc = parse("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><env:Fault>"
                     "<env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ServiceAgreementNotFound"
                     "</env:Value></env:Subcode></env:Code><env:Reason><env:Text>Ingen aftale</env:Text></env:Reason>"
                     "</env:Fault></env:Body></env:Envelope>");
    auto contents = wssec::read_rstr(doc.get());
    REQUIRE_FALSE(contents.ok());
    CHECK(contents.error().code == "sts.fault");
    CHECK(contents.error().message.find("env:Sender/ServiceAgreementNotFound: Ingen aftale") != std::string::npos);
  }
}

TEST_SUITE("wssec::oioidws") {
  TEST_CASE("a holder-of-key request verifies with the assertion's key and signs the assertion via STR") {
    auto message = wssec::build_signed_oioidws_request(oioidws_request(), envelope_parties().system);
    REQUIRE(message.ok());
    XmlDocPtr doc = parse(message->xml);
    auto verified = wssec::verify_soap_envelope(doc.get(), wsp_policy());
    REQUIRE_MESSAGE(verified.ok(), (verified.ok() ? "" : verified.error().message));
    CHECK(verified->key_source == wssec::SigningKeySource::SamlHolderOfKey);
    REQUIRE(verified->assertion != nullptr);
    CHECK(verified->signs(verified->assertion));
    CHECK(verified->signs(verified->header_element(wns::sbf, "Framework")));
    CHECK(verified->signs(verified->body));
    CHECK(verified->header_element(wns::kombit_request_header, "RequestHeader") != nullptr);
  }
  TEST_CASE("the Liberty Framework header qualifies profile in urn:liberty:sb:profile") {
    // Shape of kombit/tokenservice_oioidws-net "Misc/SOAP examples/OioIdWsSoap/HelloSignRequest-PrettyPrint.xml"
    // and Source/Digst.OioIdws.SoapCore/MessageInspectors/LibertyFrameworkHeader.cs: Framework in
    // urn:liberty:sb:2006-08, version="2.0", profile (ns urn:liberty:sb:profile) = urn:liberty:sb:profile:basic,
    // mustUnderstand="1" (issue #15, defect 5).
    auto message = wssec::build_signed_oioidws_request(oioidws_request(), envelope_parties().system);
    REQUIRE(message.ok());
    XmlDocPtr doc = parse(message->xml);
    xmlNode* header = first_child_element(xmlDocGetRootElement(doc.get()), wns::soap12, "Header");
    xmlNode* framework = first_child_element(header, wns::sbf, "Framework");
    REQUIRE(framework != nullptr);
    CHECK(attribute(framework, "version") == "2.0");
    CHECK(attribute(framework, "profile", "urn:liberty:sb:profile") == "urn:liberty:sb:profile:basic");
    CHECK_FALSE(has_attribute(framework, "profile")); // no unqualified look-alike
    CHECK(attribute(framework, "mustUnderstand", wns::soap12) == "1");
  }
  TEST_CASE("a body signed by a key other than the holder-of-key is refused") {
    auto message = wssec::build_signed_oioidws_request(oioidws_request(), envelope_parties().stranger);
    REQUIRE(message.ok());
    CHECK(verify_code(message->xml, wsp_policy()) == "wssec.signature-invalid");
  }
  TEST_CASE("changing the embedded assertion after signing breaks the STR reference") {
    auto message = wssec::build_signed_oioidws_request(oioidws_request(), envelope_parties().system);
    REQUIRE(message.ok());
    std::string tampered = replace_once(message->xml, "DK-SAML-2.0", "DK-SAML-2.1");
    CHECK(verify_code(tampered, wsp_policy()) == "wssec.digest-mismatch");
  }
  TEST_CASE("a request without Timestamp is refused") {
    auto request = oioidws_request();
    request.include_timestamp = false;
    auto message = wssec::build_signed_oioidws_request(request, envelope_parties().system);
    REQUIRE(message.ok());
    CHECK(verify_code(message->xml, wsp_policy()) == "wssec.timestamp-missing");
  }
  TEST_CASE("a BST-signed message is refused where only holder-of-key is allowed") {
    auto message = wssec::build_signed_rst(rst_spec(), envelope_parties().system);
    REQUIRE(message.ok());
    CHECK(verify_code(message->xml, wsp_policy()) == "wssec.key");
  }
  TEST_CASE("signing and verifying from several threads at once") {
    // xmlsec/libxml2 are initialised once and used with per-call contexts and keys.
    std::string assertion = issued_assertion();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 5; ++i) {
          auto request = oioidws_request_with(assertion);
          auto message = wssec::build_signed_oioidws_request(request, envelope_parties().system);
          if (!message) {
            ++failures;
            continue;
          }
          auto doc = parse_untrusted_xml(message->xml, "threaded");
          if (!doc || !wssec::verify_soap_envelope(doc->get(), wsp_policy()).ok()) {
            ++failures;
          }
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(failures.load() == 0);
  }
}
