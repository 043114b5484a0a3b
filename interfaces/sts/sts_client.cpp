#include "interfaces/sts/sts_client.hpp"

#include <cctype>
#include <optional>

#include "crypto/xml/element_source.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/http/percent_encoding.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/sts/rstr_signature.hpp"
#include "interfaces/sts/sts_fault_codes.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "interfaces/wssec/ws_trust.hpp"
#include "util/base64.hpp"
#include "util/json.hpp"
#include "util/time.hpp"

namespace klarmeld::sts {

using namespace crypto::xml;

namespace {

// The STS REST and AccessTokenService answers are flat objects with a handful of string and number
// fields (kombit-infrastructure §2.3); a field nested in a wrapper object
// (RequestedSecurityToken.Assertion) is found by its own name (util/json's find_member).

// The string member `key` of an answer; nullopt when absent or not a string.
std::optional<std::string> string_member(const Json& answer, const std::string& key) {
  const Json* value = find_member(answer, key);
  return value != nullptr && value->is_string() ? std::optional<std::string>(value->get<std::string>()) : std::nullopt;
}

// An integer member, written as a JSON integer or as a string of at most 18 digits (some services
// quote expires_in).
std::optional<long long> integer_member(const Json& answer, const std::string& key) {
  const Json* value = find_member(answer, key);
  if (value == nullptr || !(value->is_number() || value->is_string())) {
    return std::nullopt;
  }
  const std::string digits = value->is_string() ? value->get<std::string>() : value->dump();
  if (digits.empty() || digits.size() > 18) {
    return std::nullopt;
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(digits[i])) && !(i == 0 && digits[i] == '-' && digits.size() > 1)) {
      return std::nullopt;
    }
  }
  return std::stoll(digits);
}

Result<http::Response> post(http::Client& client, const std::string& url, const std::string& content_type,
                            const std::string& body, StsExchange* exchange) {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", content_type}};
  request.body = body;
  request.client_certificate = true;
  request.idempotent = true; // issuing a token has no side effect worth protecting against a retry
  if (exchange != nullptr) {
    exchange->request_body = body;
  }
  auto response = client.perform(request);
  if (!response) {
    // Keep the transport code (http.connect, http.tls, http.timeout …): callers tell "unreachable"
    // apart from "refused".
    Error error = response.take_error();
    if (!error.message.starts_with(url)) { // the HTTP client names the URL of a transport error already
      error.message = url + ": " + error.message;
    }
    return error;
  }
  if (exchange != nullptr) {
    exchange->http_status = response->status;
    exchange->response_body = response->body;
    exchange->elapsed = response->elapsed;
  }
  return response;
}

std::string fault_or_status(const http::Response& response, const std::string& url) {
  auto doc = parse_untrusted_xml(response.body, url);
  if (doc) {
    auto fault = soap::find_soap_fault(doc->get());
    if (fault && *fault) {
      return "SOAP fault " + (*fault)->describe();
    }
  }
  return "HTTP " + std::to_string(response.status);
}

Error rewrap_validation(const Error& error) {
  Error wrapped = error;
  wrapped.message = "the STS's assertion was refused: " + error.message;
  return wrapped;
}

} // namespace

Result<IssuedToken> accept_assertion(const std::string& assertion_xml, const crypto::Identity& system,
                                     const StsRequest& request) {
  if (request.sts_certificates == nullptr || request.sts_certificates->empty()) {
    return runtime_error("sts.no-trust", "no STS signing certificate is configured (credentials.sts_certificate), so "
                                         "the token's signature cannot be checked");
  }
  // What is validated is exactly what will be forwarded: the token's own bytes, parsed on their own.
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(assertion_xml, "the STS's assertion"));
  saml::AssertionPolicy policy;
  policy.trusted_signers = request.sts_certificates;
  policy.expected_issuer = request.expected_issuer;
  policy.audience = request.entity_id;
  policy.cvr = request.cvr;
  policy.holder_certificate = system.certificate.get();
  auto validated = saml::validate_assertion(xmlDocGetRootElement(doc.get()), policy);
  if (!validated) {
    return rewrap_validation(validated.error());
  }
  IssuedToken token;
  token.entity_id = request.entity_id;
  token.cvr = validated->cvr;
  // Opaque from here on (issue #15, defect 1): never re-serialised, so every SOAP call and the
  // AccessTokenService exchange carry the bytes the STS signed.
  token.assertion_xml = assertion_xml;
  token.assertion_id = validated->id;
  token.issuer = validated->issuer;
  token.not_before = validated->not_before;
  token.not_on_or_after = validated->not_on_or_after;
  return token;
}

Result<IssuedToken> request_token(http::Client& client, const crypto::Identity& system, const StsRequest& request,
                                  StsExchange* exchange) {
  wssec::RstSpec spec;
  spec.sts_url = request.sts_url;
  spec.entity_id = request.entity_id;
  spec.cvr = request.cvr;
  TRY_ASSIGN(wssec::SignedMessage rst, wssec::build_signed_rst(spec, system));
  std::string content_type =
      std::string(wssec::ns::soap12_content_type) + "; action=\"" + wssec::ns::wst_issue_action + "\"";
  TRY_ASSIGN(http::Response response, post(client, request.sts_url, content_type, rst.xml, exchange));
  auto doc = parse_untrusted_xml(response.body, request.sts_url);
  if (!doc) {
    if (response.status < 200 || response.status >= 300) {
      return runtime_error("sts.http", "STS " + request.sts_url + " answered HTTP " + std::to_string(response.status));
    }
    return input_error("sts.malformed", "STS " + request.sts_url + " answered unreadable XML: " + doc.error().message);
  }
  // Issue #15, defect 8: a fault's numeric KOMBIT code is explained with its meaning (sts_fault_codes.hpp).
  if (auto fault = soap::find_soap_fault(doc->get()); fault && *fault) {
    return runtime_error("sts.fault", "STS " + request.sts_url +
                                          ": the STS answered with a SOAP fault: " + explain_sts_fault(**fault));
  }
  auto contents = wssec::read_rstr(doc->get());
  if (!contents) {
    if (contents.error().code == "sts.fault") {
      return runtime_error("sts.fault", "STS " + request.sts_url + ": " + contents.error().message);
    }
    return contents.take_error();
  }
  // Defect 7: the answer itself (Lifetime, AppliesTo, the token's placement) is the STS's only if its
  // message signature says so.
  if (request.sts_certificates == nullptr || request.sts_certificates->empty()) {
    return runtime_error("sts.no-trust", "no STS signing certificate is configured (credentials.sts_certificate), so "
                                         "the STS's answer cannot be checked");
  }
  RstrSignaturePolicy signature_policy;
  signature_policy.trusted = request.sts_certificates;
  signature_policy.request_message_id = rst.message_id;
  TRY(verify_rstr_signature(doc->get(), signature_policy));
  // The assertion's bytes as the RSTR carried them (exclusive C14N makes them independent of the
  // envelope), validated and kept as they are.
  TRY_ASSIGN(std::string assertion_xml, element_source(response.body, contents->assertion));
  return accept_assertion(assertion_xml, system, request);
}

Result<IssuedToken> request_token_rest(http::Client& client, const crypto::Identity& system, const StsRequest& request,
                                       StsExchange* exchange) {
  namespace xns = crypto::xml::ns;
  // WS-Trust 1.3 RST as JSON (kombit-infrastructure §2.3): keys in this order, compact.
  const Json rst = {{"TokenType", xns::saml2_token_type},
                    {"RequestType", wssec::ns::wst_issue},
                    {"KeyType", wssec::ns::wst_public_key},
                    {"AnvenderKontekst", {{"Cvr", request.cvr}}},
                    {"UseKey", crypto::to_base64_der(system.certificate.get())},
                    {"AppliesTo", {{"EndpointReference", {{"Address", request.entity_id}}}}},
                    {"OnBehalfOf", nullptr}};
  const std::string body = rst.dump(-1, ' ', false, Json::error_handler_t::replace);
  TRY_ASSIGN(http::Response response, post(client, request.sts_url, "application/json", body, exchange));
  if (response.status < 200 || response.status >= 300) {
    return runtime_error("sts.http",
                         "STS REST " + request.sts_url + " answered HTTP " + std::to_string(response.status));
  }
  auto answer = parse_json(response.body, "STS REST answer");
  if (!answer) {
    return input_error("sts.malformed", answer.error().message);
  }
  auto encoded = string_member(*answer, "Assertion");
  if (!encoded) {
    return input_error("sts.malformed", "STS REST answer has no RequestedSecurityToken.Assertion");
  }
  // The REST STS's token is the base64-decoded value itself (docs/kombit-notes.md "Tokens", REST STS); forwarded as
  // decoded.
  TRY_ASSIGN(std::string xml, base64_decode(*encoded, "RequestedSecurityToken.Assertion"));
  return accept_assertion(xml, system, request);
}

Result<AccessToken> exchange_token(http::Client& client, const IssuedToken& token, const std::string& exchange_url,
                                   StsExchange* exchange) {
  std::string body = "saml-token=" + http::percent_encode(base64_encode(token.assertion_xml));
  TRY_ASSIGN(http::Response response, post(client, exchange_url, "application/x-www-form-urlencoded", body, exchange));
  if (exchange != nullptr) {
    exchange->request_body = "saml-token=<assertion " + token.assertion_id + ">"; // never keep the token
  }
  if (response.status < 200 || response.status >= 300) {
    return runtime_error("sts.http",
                         "AccessTokenService " + exchange_url + " answered " + fault_or_status(response, exchange_url));
  }
  AccessToken access;
  auto answer = parse_json(response.body, "AccessTokenService answer");
  if (!answer) {
    return input_error("sts.malformed", answer.error().message);
  }
  access.access_token = string_member(*answer, "access_token").value_or("");
  access.token_type = string_member(*answer, "token_type").value_or("");
  access.expires_in = std::chrono::seconds(integer_member(*answer, "expires_in").value_or(0));
  if (access.access_token.empty()) {
    return input_error("sts.malformed", "AccessTokenService answer has no access_token");
  }
  return access;
}

} // namespace klarmeld::sts
