#include "interfaces/probes/soap_call_probe.hpp"

#include "criteria/model/probe_types.hpp"
#include "crypto/random.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "interfaces/wssec/oioidws_envelope.hpp"
#include "interfaces/wssec/ws_names.hpp"

namespace klarmeld::probes {
namespace {

using support::finish;
using support::service_of;

// The SF1470 validation endpoint also takes calls without a token (§4 SF1470), in its binding's SOAP
// version ("1" is the mustUnderstand value both SOAP 1.1 §4.2.3 and 1.2 accept).
std::string unsigned_envelope(const soap::OperationCall& call) {
  namespace wns = wssec::ns;
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"") +
         wssec::envelope_namespace(call.soap_version) + "\" xmlns:wsa=\"" + wns::wsa +
         "\"><s:Header><wsa:Action s:mustUnderstand=\"1\">" + crypto::xml::escape_xml(call.action) +
         "</wsa:Action><wsa:MessageID>urn:uuid:" + crypto::random_uuid() +
         "</wsa:MessageID><wsa:To s:mustUnderstand=\"1\">" + crypto::xml::escape_xml(call.url) +
         "</wsa:To></s:Header><s:Body>" + call.body_xml + "</s:Body></s:Envelope>";
}

// The interface whose endpoint (URL, entityID) the call goes to: "service", else the criterion's own.
// The search (soeg) and read (laes) operations change nothing, so a retry is safe; the imports are not.
bool is_read_only(criteria::SoapOperation operation) {
  using criteria::SoapOperation;
  switch (operation) {
  case SoapOperation::VirksomhedSoeg:
  case SoapOperation::BrugerLaes:
  case SoapOperation::OrganisationenhedSoeg:
  case SoapOperation::OrganisationenhedLaes:
  case SoapOperation::KlasseSoeg:
    return true;
  case SoapOperation::SagdokumentindeksImporter:
  case SoapOperation::SagdokumentindeksValidering:
  case SoapOperation::YdelsesindeksImporter:
    return false;
  }
  return false;
}

class SoapCallProbe final : public Probe {
public:
  // The STS token for the service's entityID comes from the engine; then the call itself.
  TokenUse token_use(const criteria::ProbeSpec& spec, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    auto endpoint = profile.environment.interfaces.find(service_of(spec, interface_id));
    return endpoint == profile.environment.interfaces.end() ? TokenUse{} : TokenUse{endpoint->second.entity_id, false};
  }
  std::string_view type() const override { return "soap.call"; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    TimePoint started = Clock::now();
    const criteria::SoapOperation operation = spec.modes.soap_operation;
    const std::string operation_name(spelling_of(criteria::soap_operation_spellings, operation));
    std::string expected = support::param(spec, "expect_status", "20");
    auto endpoint = context.endpoint(service_of(spec, context.interface().id));
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    const profile::Profile& profile = context.profile();
    soap::OperationInputs inputs{endpoint->url, endpoint->options, profile.municipality_cvr, profile.municipality_name,
                                 profile.system_name};
    auto operation_call = soap::build_operation(operation, inputs);
    if (!operation_call) {
      return ProbeResult::not_tested(operation_call.error().message);
    }
    ProbeResult result;
    result.facts.push_back({"operation", operation_name});
    result.facts.push_back({"url", operation_call->url});
    auto body = signed_request(*operation_call, *endpoint, context, result);
    if (!body) {
      return finish(result, Verdict::IkkeTestet, body.error().message, started);
    }
    http::Request request;
    request.method = "POST";
    request.url = operation_call->url;
    request.headers = wssec::soap_http_headers(operation_call->soap_version, operation_call->action);
    request.body = *body;
    request.client_certificate = true;
    request.idempotent = is_read_only(operation);
    auto response = support::perform_recorded(context, request, "soap.call." + operation_name, result);
    if (!response) {
      return finish(result, Verdict::IkkeTestet, "the call could not be made: " + response.error().message, started);
    }
    return judge(std::move(result), *response, expected, started);
  }

  static Result<std::string> signed_request(const soap::OperationCall& call, const profile::InterfaceEndpoint& endpoint,
                                            ProbeContext& context, ProbeResult& result) {
    if (endpoint.entity_id.empty()) {
      if (call.token_optional) {
        result.warnings.push_back("no entity_id: called without a token");
        return unsigned_envelope(call);
      }
      return input_error("soap.input", "the profile gives no entity_id for the service (needed for the token)");
    }
    auto token = context.tokens().token_for(endpoint.entity_id);
    if (!token) {
      if (call.token_optional) {
        result.warnings.push_back("no token (" + token.error().message + "): called without a token");
        return unsigned_envelope(call);
      }
      return runtime_error("soap.no-token", "no token for " + endpoint.entity_id + ": " + token.error().message);
    }
    TRY_ASSIGN(const crypto::Identity* identity, context.system_identity());
    result.facts.push_back({"assertion_id", (*token)->assertion_id});
    wssec::OioidwsRequest request;
    request.endpoint_url = call.url;
    request.action = call.action;
    request.body_xml = call.body_xml;
    request.soap_version = call.soap_version;
    request.include_framework = call.liberty_framework;
    request.assertion_xml = (*token)->assertion_xml;
    TRY_ASSIGN(wssec::SignedMessage message, wssec::build_signed_oioidws_request(request, *identity));
    result.facts.push_back({"message_id", message.message_id});
    return message.xml;
  }

  static ProbeResult judge(ProbeResult result, const http::Response& response, const std::string& expected,
                           TimePoint started) {
    std::string http = "HTTP " + std::to_string(response.status);
    auto doc = crypto::xml::parse_untrusted_xml(response.body, "SOAP answer");
    if (doc) {
      auto fault = soap::find_soap_fault(doc->get());
      if (fault && *fault) {
        result.facts.push_back({"soap_fault", (*fault)->describe()});
        return finish(std::move(result), Verdict::Nej,
                      "the service answered a SOAP fault (" + http + "): " + (*fault)->describe(), started);
      }
    }
    std::string parse_error;
    auto retur = soap::find_standard_retur(response.body, &parse_error);
    if (!retur) {
      std::string why = parse_error.empty() ? "no StandardRetur in the answer" : "unreadable answer: " + parse_error;
      return finish(std::move(result), Verdict::Nej, why + " (" + http + ")", started);
    }
    result.facts.push_back({"status_kode", retur->status_code});
    if (!retur->error_message.empty()) {
      result.facts.push_back({"fejlbesked", retur->error_message});
    }
    if (retur->status_code == expected) {
      return finish(std::move(result), Verdict::Ja, "StandardRetur StatusKode " + retur->status_code + " as expected",
                    started);
    }
    return finish(std::move(result), Verdict::Nej,
                  "StandardRetur StatusKode " + retur->status_code + ", expected " + expected +
                      (retur->error_message.empty() ? std::string() : " (" + retur->error_message + ")"),
                  started);
  }
};

} // namespace

std::unique_ptr<Probe> make_soap_call_probe() {
  return std::make_unique<SoapCallProbe>();
}

} // namespace klarmeld::probes
