#include "interfaces/probes/saml_slo_probe.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "crypto/xml/encoding.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/probes/sso_login.hpp"
#include "interfaces/saml/logout.hpp"
#include "interfaces/saml/redirect_binding.hpp"
#include "interfaces/saml/sp_metadata.hpp"

namespace klarmeld::probes {
namespace {

using support::finish;

constexpr const char* relay_state = "klarmeld";

struct Target {
  std::string slo_url;
  std::string binding = saml::binding_http_post; // how the LogoutRequest goes: HTTP-POST or HTTP-Redirect
  bool binding_configured = false;               // options.slo_binding said so
  std::optional<saml::SpMetadata> metadata;
  std::string metadata_problem;
};

// options.slo_url and options.slo_binding (post or redirect, checked by the profile loader).
void use_configured_url(const profile::InterfaceEndpoint& endpoint, Target& target) {
  target.slo_url = support::option(endpoint, "slo_url");
  target.binding_configured = endpoint.slo_binding.has_value();
  target.binding =
      endpoint.slo_binding == profile::SloBinding::Redirect ? saml::binding_http_redirect : saml::binding_http_post;
}

// The SP's SingleLogoutService to send to and its binding, from the metadata where the profile leaves
// it open: the front-channel bindings a browser would carry the request by, HTTP-POST first, else
// HTTP-Redirect (SAML bindings §3.5, §3.4). A configured slo_url goes by the binding the metadata
// lists for it.
void choose_from_metadata(const saml::SpMetadata& metadata, Target& target) {
  if (target.binding_configured) {
    // options.slo_binding without options.slo_url: the metadata's endpoint for that binding.
    if (const saml::SloEndpoint* slo = metadata.slo_for(target.binding.c_str());
        slo != nullptr && target.slo_url.empty()) {
      target.slo_url = slo->location;
    }
    return;
  }
  for (const char* binding : {saml::binding_http_post, saml::binding_http_redirect}) {
    const saml::SloEndpoint* slo = metadata.slo_for(binding);
    if (slo != nullptr && (target.slo_url.empty() || slo->location == target.slo_url)) {
      target.slo_url = slo->location;
      target.binding = binding;
      return;
    }
  }
}

Result<Target> find_target(const profile::InterfaceEndpoint& endpoint, ProbeContext& context, ProbeResult& result) {
  Target target;
  use_configured_url(endpoint, target);
  std::string metadata_url = support::option(endpoint, "metadata_url");
  if (metadata_url.empty()) {
    if (auto sf1511 = context.endpoint("SF1511")) {
      metadata_url = sf1511->url;
    }
  }
  if (!metadata_url.empty()) {
    http::Request request;
    request.url = metadata_url;
    request.client_certificate = false;
    request.idempotent = true;
    auto response = support::perform_recorded(context, request, "saml.slo.metadata", result);
    if (response && response->status == 200) {
      auto metadata = saml::read_sp_metadata(response->body);
      if (metadata) {
        target.metadata = std::move(metadata).value();
      } else {
        target.metadata_problem = metadata.error().message;
      }
    } else {
      target.metadata_problem =
          response ? "metadata answered HTTP " + std::to_string(response->status) : response.error().message;
    }
  }
  if (target.metadata) {
    choose_from_metadata(*target.metadata, target);
  }
  if (target.slo_url.empty() && target.binding_configured) {
    const std::string name = target.binding == saml::binding_http_redirect ? "redirect" : "post";
    std::string why =
        "options.slo_binding is " + name + " but options.slo_url is not set and " +
        (target.metadata ? "the SP metadata lists no " + name + " SingleLogoutService (" + target.binding + ")"
                         : "no SP metadata was read to find the endpoint" +
                               (target.metadata_problem.empty() ? "" : " (" + target.metadata_problem + ")"));
    return input_error("probe.input", why);
  }
  if (target.slo_url.empty()) {
    std::string why = target.metadata
                          ? "the SP metadata names no HTTP-POST or HTTP-Redirect SingleLogoutService"
                          : "no options.slo_url and no readable SP metadata" +
                                (target.metadata_problem.empty() ? "" : " (" + target.metadata_problem + ")");
    return input_error("probe.input", why);
  }
  return target;
}

bool is_redirect_binding_answer(const http::Response& response) {
  std::string location = response.header("Location");
  return response.status >= 300 && response.status < 400 && location.find("SAMLResponse=") != std::string::npos;
}

class SamlSloProbe final : public Probe {
public:
  std::string_view type() const override { return "saml.slo"; }
  // Metadata, then the LogoutRequest; an HTTP-Redirect answer is read from its Location, not followed.
  int sequential_requests(const criteria::ProbeSpec&) const override { return 2; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    TimePoint started = Clock::now();
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    ProbeResult result;
    auto target = find_target(*endpoint, context, result);
    if (!target) {
      return finish(result, Verdict::IkkeTestet, target.error().message, started);
    }
    auto identity = sso::idp_signer(context);
    if (!identity) {
      return finish(result, Verdict::IkkeTestet, identity.error().message, started);
    }
    // The session to log out: the one saml.sso opened (this probe runs after it), else one of its own —
    // or, with options.name_id, a session the vendor opened by hand.
    std::optional<saml::SsoSession> session;
    if (support::option(*endpoint, "name_id").empty()) {
      session = context.take_sso_session();
      if (!session) {
        auto opened = sso::log_in(context, result, **identity);
        if (auto* failure = std::get_if<sso::Failure>(&opened)) {
          return finish(result, Verdict::IkkeTestet, failure->reason, started);
        }
        session = std::get<saml::SsoSession>(std::move(opened));
      }
    }
    saml::LogoutRequestSpec spec;
    spec.id = crypto::xml::new_xml_id("_");
    spec.issuer = support::option(*endpoint, "idp_entity_id",
                                  session ? session->idp_entity_id : sso::default_idp_entity_id(context.profile()));
    spec.destination = target->slo_url;
    spec.name_id = session ? session->name_id : support::option(*endpoint, "name_id");
    spec.session_index = session ? session->session_index : support::option(*endpoint, "session_index");
    auto request = logout_request(spec, *target, **identity);
    // What to do when the SP trusts another key for the IdP: the reason names the certificate to register.
    const std::string advice = sso::register_idp_advice(context.profile(), **identity);
    if (!request) {
      return finish(result, Verdict::IkkeTestet, "could not sign the LogoutRequest: " + request.error().message,
                    started);
    }
    result.facts.push_back({"slo_url", target->slo_url});
    result.facts.push_back({"name_id", spec.name_id});
    if (!spec.session_index.empty()) {
      result.facts.push_back({"session_index", spec.session_index});
    }
    result.facts.push_back({"request_binding", binding_name(target->binding)});
    result.facts.push_back({"logout_request_id", spec.id});
    // The HTTP client follows no redirect (interfaces/http never sets CURLOPT_FOLLOWLOCATION), so an
    // HTTP-Redirect binding answer arrives as the 3xx itself, with the message in its Location.
    auto response = support::perform_recorded(context, *request, "saml.slo.logout", result);
    if (!response) {
      return finish(result, Verdict::IkkeTestet, "the SLO endpoint could not be reached: " + response.error().message,
                    started);
    }
    ProbeResult judged = is_redirect_binding_answer(*response)
                             ? judge_redirect(std::move(result), *response, spec, *endpoint, *target, advice, started)
                             : judge_post(std::move(result), *response, spec, *endpoint, *target, advice, started);
    if (judged.verdict != Verdict::Ja || !session) {
      return judged;
    }
    return still_logged_in(std::move(judged), context, *session, started);
  }

  // Core §3.7.3.2: Success means the SP ended the session, so its cookie must no longer open the
  // protected page as the user.
  static ProbeResult still_logged_in(ProbeResult judged, ProbeContext& context, const saml::SsoSession& session,
                                     TimePoint started) {
    http::Request request;
    request.url = session.protected_url;
    request.client_certificate = false;
    request.headers = {{"Cookie", session.cookies}};
    auto page = support::perform_recorded(context, request, "saml.slo.protected", judged);
    if (!page) {
      return finish(std::move(judged), Verdict::IkkeTestet,
                    "logged out with Success, but the protected page could not be reached after it: " +
                        page.error().message,
                    started);
    }
    if (page->status == 200) {
      return finish(std::move(judged), Verdict::Nej,
                    "the SP answered the LogoutRequest with Success, but the protected page still answers HTTP 200 "
                    "with the session's cookie: the session was not ended",
                    started);
    }
    // Composed before the call: the order in which arguments are evaluated is unspecified, and clang
    // moves `judged` into the first parameter before it reads judged.reason for the third.
    std::string reason =
        judged.reason + "; the protected page then answered HTTP " + std::to_string(page->status) + " (logged out)";
    return finish(std::move(judged), Verdict::Ja, std::move(reason), started);
  }

  // The LogoutRequest as a browser would carry it (front channel: no client certificate).
  // HTTP-POST: a form with the XML-signed request (bindings §3.5.4). HTTP-Redirect: a GET whose query
  // carries the DEFLATEd request, unsigned as XML, and the RSA-SHA256 signature over the query
  // (§3.4.4.1).
  static Result<http::Request> logout_request(const saml::LogoutRequestSpec& spec, const Target& target,
                                              const crypto::Identity& identity) {
    http::Request request;
    request.url = target.slo_url;
    request.client_certificate = false;
    if (target.binding == saml::binding_http_redirect) {
      TRY_ASSIGN(request.url, saml::redirect_binding_url(target.slo_url, "SAMLRequest",
                                                         saml::build_logout_request(spec), relay_state, &identity));
      request.method = "GET";
      return request;
    }
    TRY_ASSIGN(std::string signed_xml, saml::build_signed_logout_request(spec, identity));
    request.method = "POST";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = saml::post_binding_form_body("SAMLRequest", signed_xml, relay_state);
    return request;
  }

  static std::string binding_name(const std::string& binding) {
    return binding == saml::binding_http_redirect ? "HTTP-Redirect" : "HTTP-POST";
  }

  // HTTP-POST binding (form field SAMLResponse), or the LogoutResponse XML itself (SOAP binding); the
  // signature is the enveloped XML signature.
  static ProbeResult judge_post(ProbeResult result, const http::Response& response, const saml::LogoutRequestSpec& sent,
                                const profile::InterfaceEndpoint& endpoint, const Target& target,
                                const std::string& advice, TimePoint started) {
    std::string xml;
    if (auto extracted = saml::saml_message_from_post_binding(response.body, "SAMLResponse")) {
      xml = *extracted;
      result.facts.push_back({"binding", "HTTP-POST"});
    } else if (response.body.find("LogoutResponse") != std::string::npos) {
      xml = response.body;
      result.facts.push_back({"binding", "SOAP"});
    } else if (response.status == 400 || response.status == 403) {
      // mod_auth_mellon answers a LogoutRequest whose signature does not verify with the key it trusts
      // for the IdP with a bare HTTP 400 ("Lasso error: [102] Invalid signature" in its log; observed
      // in tests/e2e/test_mellon.sh): a set-up step of the test SP, not a verdict on its logout.
      return finish(std::move(result), Verdict::IkkeTestet,
                    "the SP refused klarmeld's LogoutRequest with HTTP " + std::to_string(response.status) +
                        " and no LogoutResponse, as mod_auth_mellon does when the signature does not verify: it "
                        "most likely trusts another signing key for the IdP \"" +
                        sent.issuer + "\"; " + advice,
                    started);
    } else {
      return finish(std::move(result), Verdict::Nej,
                    "no LogoutResponse in the answer (HTTP " + std::to_string(response.status) + ")", started);
    }
    saml::LogoutVerifyPolicy policy;
    if (target.metadata && !target.metadata->signing_certificates.empty()) {
      policy.trusted_signers = &target.metadata->signing_certificates;
    }
    auto message = saml::read_logout_message(xml, policy);
    if (!message) {
      return finish(std::move(result), Verdict::Nej, "the LogoutResponse was refused: " + message.error().message,
                    started);
    }
    if (!message->signer_trusted) {
      result.warnings.push_back("signature verified with the certificate the response carries (no SP metadata "
                                "signing certificate to pin it)");
    }
    return judge(std::move(result), *message, sent, endpoint, "signed LogoutResponse", advice, started);
  }

  // HTTP-Redirect binding (bindings §3.4): a 3xx whose Location carries the DEFLATEd SAMLResponse and a
  // signature over the query. That signature names no certificate, so only the SP metadata's signing
  // certificate can check it: without one nothing can be decided.
  static ProbeResult judge_redirect(ProbeResult result, const http::Response& response,
                                    const saml::LogoutRequestSpec& sent, const profile::InterfaceEndpoint& endpoint,
                                    const Target& target, const std::string& advice, TimePoint started) {
    result.facts.push_back({"binding", "HTTP-Redirect"});
    if (!target.metadata || target.metadata->signing_certificates.empty()) {
      return finish(std::move(result), Verdict::IkkeTestet,
                    "the SP answered by the HTTP-Redirect binding, whose signature only a signing certificate from "
                    "the SP metadata can check, and none was read" +
                        (target.metadata_problem.empty() ? "" : " (" + target.metadata_problem + ")"),
                    started);
    }
    auto redirect = saml::read_redirect_binding(response.header("Location"), "SAMLResponse");
    if (!redirect) {
      return finish(std::move(result), Verdict::Nej,
                    "the HTTP-Redirect answer was refused: " + redirect.error().message, started);
    }
    auto signer = saml::verify_redirect_signature(*redirect, target.metadata->signing_certificates);
    if (!signer) {
      return finish(std::move(result), Verdict::Nej, "the LogoutResponse was refused: " + signer.error().message,
                    started);
    }
    saml::LogoutVerifyPolicy policy;
    policy.signed_by_binding = true;
    auto message = saml::read_logout_message(redirect->xml, policy);
    if (!message) {
      return finish(std::move(result), Verdict::Nej, "the LogoutResponse was refused: " + message.error().message,
                    started);
    }
    // Bindings §3.4.5.2: a signed message's Destination must be the URL it is delivered to.
    if (!message->destination.empty() && message->destination != redirect->destination) {
      return finish(std::move(result), Verdict::Nej,
                    "Destination is \"" + message->destination + "\" but the HTTP-Redirect goes to \"" +
                        redirect->destination + "\"",
                    started);
    }
    // Bindings §3.4.3: RelayState comes back unchanged. Not judged, as for the other bindings.
    if (redirect->relay_state != relay_state) {
      result.warnings.push_back("the HTTP-Redirect answer did not return our RelayState unchanged");
    }
    return judge(std::move(result), *message, sent, endpoint,
                 "LogoutResponse signed by the HTTP-Redirect binding (RSA-SHA256)", advice, started);
  }

  static std::string status_text(const saml::LogoutMessage& message) {
    std::string text = message.status_code.substr(message.status_code.rfind(':') + 1);
    if (!message.status_detail.empty()) {
      text += "/" + message.status_detail.substr(message.status_detail.rfind(':') + 1);
    }
    return message.status_message.empty() ? text : text + ": \"" + message.status_message + "\"";
  }

  // Two refusals that say nothing about the SP's logout (core §3.7.3.2), so they are Ikke testet, not
  // Nej. Responder: the SP has no session for the NameID/SessionIndex options.name_id named. klarmeld
  // did not open that session, so refusing may be what a correct SP does — mod_auth_mellon answers
  // Responder/RequestDenied. Requester naming the signature: the SP does not trust the key
  // klarmeld signs with for the IdP entityID, a set-up step of the test SP (docs/probes.md, saml.slo).
  static std::optional<std::string> refusal(const saml::LogoutMessage& message, const saml::LogoutRequestSpec& sent,
                                            const profile::InterfaceEndpoint& endpoint, const std::string& advice) {
    // A session saml.sso (or this probe) opened is klarmeld's own: refusing to end it is a Nej (below).
    if (message.status_code == saml::status_responder && !support::option(endpoint, "name_id").empty()) {
      return "the SP has no session to log out (" + status_text(message) + ") for NameID \"" + sent.name_id + "\"" +
             (sent.session_index.empty() ? "" : " SessionIndex \"" + sent.session_index + "\"") +
             " from options.name_id; klarmeld did not create that session, so the refusal is correct and SLO is not "
             "judged — leave options.name_id out to let klarmeld log in first (saml.sso), or name a session the SP "
             "has open";
    }
    std::string said = message.status_message;
    std::transform(said.begin(), said.end(), said.begin(), [](unsigned char c) { return std::tolower(c); });
    const bool about_signature =
        said.find("signature") != std::string::npos || said.find("signer") != std::string::npos;
    if (message.status_code == saml::status_requester && about_signature) {
      return "the SP refused the signature of klarmeld's LogoutRequest (" + status_text(message) +
             "): it trusts another signing key for the IdP \"" + sent.issuer + "\"; " + advice;
    }
    return std::nullopt;
  }

  // What every binding must show, once its signature has been verified.
  static ProbeResult judge(ProbeResult result, const saml::LogoutMessage& message, const saml::LogoutRequestSpec& sent,
                           const profile::InterfaceEndpoint& endpoint, const std::string& what,
                           const std::string& advice, TimePoint started) {
    if (message.is_request) {
      return finish(std::move(result), Verdict::Nej, "the SP answered with a LogoutRequest, not a LogoutResponse",
                    started);
    }
    result.facts.push_back({"logout_response_id", message.id});
    result.facts.push_back({"status", message.status_code});
    result.facts.push_back({"destination", message.destination});
    if (message.in_response_to != sent.id) {
      return finish(std::move(result), Verdict::Nej,
                    "InResponseTo is \"" + message.in_response_to + "\", expected our request ID " + sent.id, started);
    }
    if (auto refused = refusal(message, sent, endpoint, advice)) {
      return finish(std::move(result), Verdict::IkkeTestet, *refused, started);
    }
    if (message.status_code != saml::status_success) {
      return finish(std::move(result), Verdict::Nej, "logout status is " + message.status_code + ", not Success",
                    started);
    }
    std::string expected_destination = support::option(endpoint, "response_destination");
    if (message.destination.empty()) {
      return finish(std::move(result), Verdict::Nej, "the LogoutResponse has no Destination", started);
    }
    if (!expected_destination.empty() && message.destination != expected_destination) {
      return finish(std::move(result), Verdict::Nej,
                    "Destination is \"" + message.destination + "\", expected \"" + expected_destination + "\"",
                    started);
    }
    return finish(std::move(result), Verdict::Ja,
                  what + " with status Success, InResponseTo " + sent.id + ", Destination " + message.destination,
                  started);
  }
};

} // namespace

std::unique_ptr<Probe> make_saml_slo_probe() {
  return std::make_unique<SamlSloProbe>();
}

} // namespace klarmeld::probes
