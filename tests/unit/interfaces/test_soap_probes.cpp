// soap.call and saml.slo against in-memory services built from klarmeld's own library.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>

#include "crypto/xml/encoding.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/context.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/probes/saml_slo_probe.hpp"
#include "interfaces/probes/soap_call_probe.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "interfaces/saml/logout.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "interfaces/wssec/oioidws_envelope.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "stub_context.hpp"
#include "tests/unit/support/test_certs.hpp"
#include "util/base64.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

namespace {

const char* const org_entity = kombit::organisation_entity_id;

struct Parties {
  crypto::Identity sts = testing::make_identity("sts");
  crypto::Identity system = testing::make_identity(testing::CertificateSpec{"Sagsbehandler Pro", "12345674"});
  crypto::Identity sp = testing::make_identity("vendor sp");
  std::vector<crypto::X509Ptr> trusted;
  Parties() { trusted.emplace_back(X509_dup(sts.certificate.get())); }
};

Parties& parties() {
  static Parties instance;
  return instance;
}

class FunctionClient final : public http::Client {
public:
  std::function<http::Response(const http::Request&)> handler;
  http::Request last;
  Result<http::Response> perform(const http::Request& request) override {
    last = request;
    return handler(request);
  }
};

class OneToken final : public sts::TokenProvider {
public:
  Result<std::shared_ptr<const sts::IssuedToken>> token_for(const std::string& entity_id) override {
    saml::AssertionSpec spec;
    spec.issuer = "https://sts.test";
    spec.holder_certificate = parties().system.certificate.get();
    spec.audience = entity_id;
    spec.cvr = "55133018";
    auto xml = saml::issue_assertion(spec, parties().sts);
    REQUIRE(xml.ok());
    auto token = std::make_shared<sts::IssuedToken>();
    token->entity_id = entity_id;
    token->assertion_xml = *xml;
    token->assertion_id = "(test)";
    return std::shared_ptr<const sts::IssuedToken>(token);
  }
  Result<std::shared_ptr<const sts::IssuedToken>> access_token_for(const std::string& entity_id) override {
    return token_for(entity_id);
  }
};

// The one service the test calls, with tokens from the test STS.
struct ServiceContext {
  OneToken tokens;
  testing::StubContext context;
  ServiceContext(http::Client& client, const std::string& interface_id, profile::InterfaceEndpoint endpoint)
      : context(client, interface_id, tokens, &parties().system, &parties().trusted) {
    context.editable_profile().environment.interfaces[interface_id] = std::move(endpoint);
  }
};

http::Response organisation_service(const http::Request& request, const std::string& status) {
  http::Response response;
  auto doc = parse_untrusted_xml(request.body, "request");
  REQUIRE(doc.ok());
  wssec::VerifyPolicy policy;
  policy.required_signed_headers = wssec::oioidws_required_signed_headers();
  auto verified = wssec::verify_soap_envelope(doc->get(), policy);
  if (!verified) {
    response.status = 500;
    response.body = soap::build_soap12_fault("Sender", "InvalidSecurity", verified.error().message);
    return response;
  }
  saml::AssertionPolicy assertion_policy;
  assertion_policy.trusted_signers = &parties().trusted;
  assertion_policy.audience = org_entity;
  if (!saml::validate_assertion(verified->assertion, assertion_policy)) {
    response.status = 500;
    response.body = soap::build_soap12_fault("Sender", "InvalidToken", "bad token");
    return response;
  }
  CHECK(text(verified->body).find("55133018") != std::string::npos);
  response.status = 200;
  response.body = std::string("<s:Envelope xmlns:s=\"") + wssec::ns::soap12 +
                  "\"><s:Body><SoegOutput xmlns=\"http://stoettesystemerne.dk/organisation/virksomhed/6/\">"
                  "<StandardRetur><StatusKode>" +
                  status +
                  "</StatusKode><FejlbeskedTekst>tekst</FejlbeskedTekst></StandardRetur></SoegOutput>"
                  "</s:Body></s:Envelope>";
  return response;
}

probes::ProbeResult soap_call(FunctionClient& client, const std::string& operation) {
  profile::InterfaceEndpoint endpoint;
  endpoint.url = "https://organisation.test/organisation/virksomhed/6/";
  endpoint.entity_id = org_entity;
  ServiceContext service(client, "SF1500", endpoint);
  criteria::ProbeSpec spec;
  spec.params["operation"] = operation;
  spec.modes.soap_operation = *parse_spelling(criteria::soap_operation_spellings, operation); // as the loader does
  return probes::make_soap_call_probe()->run(criteria::Criterion{}, spec, service.context);
}

} // namespace

TEST_SUITE("probes::soap.call") {
  TEST_CASE("virksomhed/soeg: signed call accepted, StatusKode 20 is Ja") {
    FunctionClient client;
    client.handler = [](const http::Request& request) { return organisation_service(request, "20"); };
    auto result = soap_call(client, "virksomhed/soeg");
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(client.last.client_certificate);
    CHECK(client.last.url == "https://organisation.test/organisation/virksomhed/6/");
  }
  TEST_CASE("another StatusKode is Nej with the error text") {
    FunctionClient client;
    client.handler = [](const http::Request& request) { return organisation_service(request, "44"); };
    auto result = soap_call(client, "virksomhed/soeg");
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason == "StandardRetur StatusKode 44, expected 20 (tekst)");
  }
  TEST_CASE("a SOAP fault is Nej with code and reason") {
    FunctionClient client;
    client.handler = [](const http::Request&) {
      http::Response response;
      response.status = 500;
      response.body = soap::build_soap12_fault("Sender", "ServiceAgreementNotFound", "Ingen serviceaftale");
      return response;
    };
    auto result = soap_call(client, "virksomhed/soeg");
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason.find("env:Sender/ServiceAgreementNotFound: Ingen serviceaftale") != std::string::npos);
  }
  TEST_CASE("an operation needing an option it lacks is not tested") {
    FunctionClient client;
    client.handler = [](const http::Request& request) { return organisation_service(request, "20"); };
    auto result = soap_call(client, "bruger/laes");
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("bruger_uuid") != std::string::npos);
  }
  // Issue #15, defect 3: the SOAP version and the Liberty header are per binding. SF1470's WSDL is SOAP 1.1
  // (kombit/kosdy_infrastructureSamples-java src/main/resources/wsdl/SagDokumentIndeks/wsdl/
  // SagDokumentIndeksService_6.wsdl), SF1500's SOAP 1.2 (…/Virksomhed/Virksomhed.wsdl); only SF1470 takes
  // the Framework header (kombit/kosdy_infrastructureSamples-net6 Kombit.InfrastructureSamples/appsettings.json).
  TEST_CASE("each operation is sent in its binding's SOAP version, headers and Liberty header") {
    struct Case {
      const char* operation;
      const char* envelope_ns;
      bool framework;
    };
    for (const Case& item :
         {Case{"sagdokumentindeks/importer", wssec::ns::soap11, true},
          Case{"virksomhed/soeg", wssec::ns::soap12, false}, Case{"klasse/soeg", wssec::ns::soap12, false}}) {
      CAPTURE(item.operation);
      FunctionClient client;
      client.handler = [&](const http::Request&) {
        http::Response response;
        response.status = 200;
        response.body = std::string("<s:Envelope xmlns:s=\"") + item.envelope_ns +
                        "\"><s:Body><Output><StandardRetur><StatusKode>20</StatusKode></StandardRetur></Output>"
                        "</s:Body></s:Envelope>";
        return response;
      };
      auto result = soap_call(client, item.operation);
      CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
      const auto& binding = soap::binding_of(*parse_spelling(criteria::soap_operation_spellings, item.operation));
      std::map<std::string, std::string> headers(client.last.headers.begin(), client.last.headers.end());
      if (item.envelope_ns == std::string(wssec::ns::soap11)) {
        CHECK(headers["Content-Type"] == "text/xml; charset=utf-8");
        CHECK(headers["SOAPAction"] == "\"" + std::string(binding.action) + "\"");
      } else {
        CHECK(headers["Content-Type"] ==
              "application/soap+xml; charset=utf-8; action=\"" + std::string(binding.action) + "\"");
        CHECK(headers.count("SOAPAction") == 0);
      }
      auto doc = parse_untrusted_xml(client.last.body, "request");
      REQUIRE(doc.ok());
      xmlNode* envelope = xmlDocGetRootElement(doc->get());
      CHECK(is_element(envelope, item.envelope_ns, "Envelope"));
      xmlNode* header = first_child_element(envelope, item.envelope_ns, "Header");
      CHECK((first_child_element(header, wssec::ns::sbf, "Framework") != nullptr) == item.framework);
      xmlNode* body = first_child_element(envelope, item.envelope_ns, "Body");
      CHECK(is_element(first_child_element(body, binding.body_namespace, binding.body_element), binding.body_namespace,
                       binding.body_element));
    }
  }
  TEST_CASE("every soap.call operation has its binding row") {
    for (const auto& spelling : criteria::soap_operation_spellings) {
      CHECK(soap::binding_of(spelling.value).operation == spelling.value);
    }
    CHECK(soap::binding_for_action(kombit::action_sagdokumentindeks_importer)->soap_version ==
          wssec::SoapVersion::Soap11);
    CHECK(soap::binding_for_action("http://kombit.dk/sts/organisation/bruger/slet") == nullptr);
  }
  TEST_CASE("SF1500 object URLs are derived from the configured one") {
    soap::OperationInputs inputs;
    inputs.endpoint_url = "https://organisation.test/organisation/virksomhed/6/";
    inputs.options["organisationenhed_uuid"] = "5d5c5a5e-0000-4000-8000-000000000001";
    auto call = soap::build_operation(criteria::SoapOperation::OrganisationenhedLaes, inputs);
    REQUIRE(call.ok());
    CHECK(call->url == "https://organisation.test/organisation/organisationenhed/6/");
    // The wire spelling on purpose: the action is composed from the operation name.
    CHECK(call->action == "http://kombit.dk/sts/organisation/organisationenhed/laes");
  }
}

TEST_SUITE("probes::saml.slo") {
  profile::InterfaceEndpoint slo_endpoint() {
    profile::InterfaceEndpoint endpoint;
    endpoint.url = "https://vendor.test/";
    endpoint.options["slo_url"] = "https://vendor.test/saml/slo";
    // A session named by hand: these tests judge the LogoutResponse alone (no saml.sso login first).
    endpoint.options["name_id"] = "klarmeld-slo-probe";
    return endpoint;
  }

  http::Response sp_answer(const http::Request& request, const std::string& status, bool wrong_id,
                           const std::string& detail = "", const std::string& message = "") {
    std::string body = request.body.substr(request.body.find('=') + 1);
    body = body.substr(0, body.find('&'));
    auto xml = saml::saml_message_from_post_binding("SAMLRequest=" + body, "SAMLRequest");
    REQUIRE(xml.ok());
    auto logout = saml::read_logout_message(*xml, {});
    REQUIRE(logout.ok());
    saml::LogoutResponseSpec spec;
    spec.in_response_to = wrong_id ? "_other" : logout->id;
    spec.issuer = "https://saml.vendor.test";
    spec.destination = "https://ch.test/signoff";
    spec.status_code = status;
    spec.status_detail = detail;
    spec.status_message = message;
    auto response_xml = saml::build_signed_logout_response(spec, parties().sp);
    REQUIRE(response_xml.ok());
    http::Response response;
    response.status = 200;
    response.body = "<html><body><form method=\"post\" action=\"https://ch.test/signoff\"><input type=\"hidden\" "
                    "name=\"SAMLResponse\" value=\"" +
                    base64_encode(*response_xml) + "\"/></form></body></html>";
    return response;
  }

  probes::ProbeResult slo(FunctionClient & client) {
    ServiceContext service(client, "SF1515", slo_endpoint());
    return probes::make_saml_slo_probe()->run(criteria::Criterion{}, criteria::ProbeSpec{}, service.context);
  }

  TEST_CASE("signed LogoutResponse with Success and our ID is Ja") {
    FunctionClient client;
    client.handler = [](const http::Request& request) { return sp_answer(request, saml::status_success, false); };
    auto result = slo(client);
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(client.last.url == "https://vendor.test/saml/slo");
    CHECK(client.last.body.rfind("SAMLRequest=", 0) == 0);
  }
  TEST_CASE("wrong InResponseTo or a failure status is Nej") {
    FunctionClient client;
    client.handler = [](const http::Request& request) { return sp_answer(request, saml::status_success, true); };
    auto wrong = slo(client);
    CHECK(wrong.verdict == Verdict::Nej);
    CHECK(wrong.reason.find("InResponseTo") != std::string::npos);
    client.handler = [](const http::Request& request) { return sp_answer(request, saml::status_requester, false); };
    auto failed = slo(client);
    CHECK(failed.verdict == Verdict::Nej);
    CHECK(failed.reason.find("not Success") != std::string::npos);
  }
  TEST_CASE("a Responder refusal of a session klarmeld did not create is Ikke testet") {
    FunctionClient client;
    client.handler = [](const http::Request& request) {
      return sp_answer(request, saml::status_responder, false, saml::status_request_denied);
    };
    auto result = slo(client);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("the SP has no session to log out (Responder/RequestDenied) for NameID "
                             "\"klarmeld-slo-probe\" from options.name_id") != std::string::npos);
  }
  TEST_CASE("a Requester refusal naming the signature says the SP trusts another IdP key") {
    FunctionClient client;
    client.handler = [](const http::Request& request) {
      return sp_answer(request, saml::status_requester, false, saml::status_request_denied,
                       "Signature verification failed");
    };
    auto result = slo(client);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("(Requester/RequestDenied: \"Signature verification failed\"): it trusts another "
                             "signing key for the IdP") != std::string::npos);
  }
  TEST_CASE("a bare HTTP 400 (mod_auth_mellon refusing the signature) is Ikke testet and says why") {
    FunctionClient client;
    client.handler = [](const http::Request&) {
      http::Response response;
      response.status = 400;
      response.body = "<html><body>Bad Request</body></html>";
      return response;
    };
    auto result = slo(client);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("with HTTP 400 and no LogoutResponse, as mod_auth_mellon does when the signature does "
                             "not verify: it most likely trusts another signing key for the IdP") != std::string::npos);
  }
  TEST_CASE("an unsigned answer is Nej") {
    FunctionClient client;
    client.handler = [](const http::Request&) {
      http::Response response;
      response.status = 200;
      response.body = "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r\" "
                      "Version=\"2.0\"/>";
      return response;
    };
    auto result = slo(client);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason.find("not signed") != std::string::npos);
  }
}
