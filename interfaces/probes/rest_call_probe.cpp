#include "interfaces/probes/rest_call_probe.hpp"

#include "crypto/random.hpp"
#include "interfaces/context.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/rest/memo_message.hpp"
#include "interfaces/rest/rest_response.hpp"
#include "interfaces/rest/transaction_headers.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes {
namespace {

// Public entityIDs of the SF1601 services (interfaces/kombit_names.hpp).
using kombit::kombipostafsend_entity_id;
using kombit::postforespoerg_entity_id;
// A fictitious CPR number (never a real person's); profiles may name their own test CPR.

// Shared with the token-based probes (interfaces/probes/probe_support.hpp).
using criteria::RestOperation;
using support::default_test_cpr;
using support::option;
using support::param;
using support::render_request;
using support::render_response;
using support::service_of;

// The service the operation is for and the entityID its access token is issued for.
std::string entity_for(RestOperation operation, const profile::InterfaceEndpoint& endpoint) {
  if (operation == RestOperation::Postforespoerg) {
    return option(endpoint, "postforespoerg_entity_id", postforespoerg_entity_id);
  }
  return endpoint.entity_id.empty() ? kombipostafsend_entity_id : endpoint.entity_id;
}

class RestCallProbe final : public Probe {
public:
  std::string_view type() const override { return "rest.call"; }
  // The STS token and the access token come from the engine (TokenUse); then the call itself.
  TokenUse token_use(const criteria::ProbeSpec& spec, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    auto endpoint = profile.environment.interfaces.find(service_of(spec, interface_id));
    if (endpoint == profile.environment.interfaces.end()) {
      return {};
    }
    return {entity_for(spec.modes.rest_operation, endpoint->second), true};
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    auto endpoint = context.endpoint(service_of(spec, context.interface().id));
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    switch (spec.modes.rest_operation) {
    case RestOperation::Kombipostafsend:
      return kombipostafsend(*endpoint, context);
    case RestOperation::Postforespoerg:
      return postforespoerg(*endpoint, context);
    }
    return ProbeResult::not_tested("unknown rest.call operation");
  }

  // Performs the call with a fresh transaction id and records the (redacted) exchange.
  static Result<http::Response> exchange(http::Request request, const std::string& access_token, ProbeContext& context,
                                         const std::string& label, ProbeResult& result) {
    http::Headers headers = serviceplatform_headers(access_token, crypto::random_uuid(), Clock::now());
    headers.insert(headers.end(), request.headers.begin(), request.headers.end());
    request.headers = std::move(headers);
    request.client_certificate = true; // proof of possession is the TLS client certificate
    std::string request_text = render_request(request);
    result.request_bytes = request.body.size();
    result.request_sha256 = sha256_hex(request.body);
    auto response = context.http().perform(request);
    if (!response) {
      context.record_exchange(label, request_text, response.error().message);
      return response;
    }
    result.http_status = static_cast<int>(response->status);
    result.response_bytes = response->body.size();
    result.response_sha256 = sha256_hex(response->body);
    context.record_exchange(label, request_text, render_response(*response));
    return response;
  }

  static Result<std::string> access_token(const std::string& entity_id, ProbeContext& context) {
    TRY_ASSIGN(auto token, context.tokens().access_token_for(entity_id));
    if (token->access_token.empty()) {
      return runtime_error("sts.no-access-token", "AccessTokenService returned no access_token for " + entity_id);
    }
    return token->access_token;
  }

  static ProbeResult kombipostafsend(const profile::InterfaceEndpoint& endpoint, ProbeContext& context) {
    if (endpoint.url.empty()) {
      return ProbeResult::not_tested("the profile has no URL for KombiPostAfsend");
    }
    const profile::Profile& profile = context.profile();
    MemoMessage message;
    message.message_uuid = crypto::random_uuid();
    message.sender_cvr = profile.municipality_cvr;
    message.sender_label = profile.municipality_name;
    message.recipient_cpr = option(endpoint, "test_cpr", default_test_cpr);
    message.memo_version = option(endpoint, "memo_version", default_memo_version); // 1.1 stays selectable
    message.created_utc = iso8601_utc(Clock::now());
    std::string body = build_kombi_request(message);
    if (auto missing = validate_kombi_request(body); !missing.empty()) {
      return ProbeResult::not_tested("the MeMo message built from the template is invalid: missing " + missing.front());
    }
    std::string entity_id = entity_for(RestOperation::Kombipostafsend, endpoint);
    auto token = access_token(entity_id, context);
    if (!token) {
      return ProbeResult::not_tested("no access token for " + entity_id + ": " + token.error().message);
    }
    http::Request request;
    request.method = "POST";
    request.url = endpoint.url;
    request.body = body;
    // itk-dev/serviceplatformen src/Service/SF1601/SF1601.php sends both; the answer is XML.
    request.headers = {{"Content-Type", "application/xml"}, {"Accept", "application/xml"}};
    ProbeResult result;
    result.facts.push_back({"message_uuid", message.message_uuid});
    result.facts.push_back({"memo_version", message.memo_version});
    auto response = exchange(request, *token, context, "kombipostafsend", result);
    if (!response) {
      result.verdict = Verdict::IkkeTestet;
      result.reason = "KombiPostAfsend call failed: " + response.error().message;
      return result;
    }
    // Accepted means kombi_response/Result is true *and* a TransmissionID came back: a Result=false
    // answer may still carry an ID (issue #15, defect 6). Public clients read exactly these fields
    // (itk-dev/serviceplatformen src/Service/SF1601/SF1601.php; FejlId/FejlKode/FejlTekst on failure).
    auto transmission = find_field(response->body, "TransmissionID");
    auto accepted = find_kombi_result(response->body);
    if (response->status == 200 && accepted == true && transmission && !transmission->empty()) {
      result.verdict = Verdict::Ja;
      result.reason = "MeMo message accepted (HTTP 200, Result true), TransmissionID " + *transmission;
      result.facts.push_back({"transmission_id", *transmission});
      return result;
    }
    result.verdict = Verdict::Nej;
    auto code = find_field(response->body, "Fejlkode");
    if (!code) {
      code = find_field(response->body, "FejlKode");
    }
    auto text = find_field(response->body, "FejlTekst");
    result.reason = "KombiPostAfsend answered HTTP " + std::to_string(response->status);
    if (code || text) {
      result.reason += ": Fejlkode " + code.value_or("?") + " — " + text.value_or("");
    } else if (response->status == 200 && accepted == false) {
      result.reason += " with Result false";
    } else if (response->status == 200 && !accepted) {
      result.reason += " without Result true";
    } else if (response->status == 200) {
      result.reason += " without a TransmissionID";
    }
    if (transmission && !transmission->empty()) {
      result.facts.push_back({"transmission_id", *transmission});
    }
    return result;
  }

  static ProbeResult postforespoerg(const profile::InterfaceEndpoint& endpoint, ProbeContext& context) {
    std::string url = postforespoerg_url(endpoint);
    if (url.empty()) {
      return ProbeResult::not_tested("no PostForespoerg URL (set options.postforespoerg_url for the interface)");
    }
    std::string entity_id = entity_for(RestOperation::Postforespoerg, endpoint);
    auto token = access_token(entity_id, context);
    if (!token) {
      return ProbeResult::not_tested("no access token for " + entity_id + ": " + token.error().message);
    }
    http::Request request;
    request.url = url + (url.find('?') == std::string::npos ? "?" : "&") +
                  "cprNumber=" + option(endpoint, "test_cpr", default_test_cpr);
    request.idempotent = true;
    request.headers = {{"Accept", "application/json"}};
    ProbeResult result;
    auto response = exchange(request, *token, context, "postforespoerg", result);
    if (!response) {
      result.verdict = Verdict::IkkeTestet;
      // The error message names the URL, whose query holds a CPR number: leave it out.
      result.reason = "PostForespoerg call to " + url + " failed (" + response.error().code + ")";
      return result;
    }
    auto flag = find_result_flag(response->body);
    if (response->status == 200 && flag) {
      result.verdict = Verdict::Ja;
      result.reason = std::string("PostForespoerg answered {\"result\": ") + (*flag ? "true" : "false") + "}";
      return result;
    }
    result.verdict = Verdict::Nej;
    result.reason = "PostForespoerg answered HTTP " + std::to_string(response->status) +
                    (flag ? "" : " without a boolean \"result\"");
    return result;
  }
};

} // namespace

std::string postforespoerg_url(const profile::InterfaceEndpoint& endpoint) {
  std::string configured = option(endpoint, "postforespoerg_url", "");
  if (!configured.empty()) {
    return configured;
  }
  auto at = endpoint.url.find("KombiPostAfsend_1");
  return at == std::string::npos ? std::string() : endpoint.url.substr(0, at) + "PostForespoerg_1/digitalpost";
}

std::unique_ptr<Probe> make_rest_call_probe() {
  return std::make_unique<RestCallProbe>();
}

} // namespace klarmeld::probes
