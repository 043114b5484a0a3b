#include "interfaces/probes/sso_login.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>

#include "crypto/certificate_info.hpp"
#include "crypto/xml/encoding.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/saml/context_handler_attributes.hpp"
#include "interfaces/saml/logout.hpp"
#include "interfaces/saml/redirect_binding.hpp"

namespace klarmeld::probes::sso {
namespace {

constexpr const char* default_name_id = "klarmeld-testbruger";
constexpr const char* other_party = "https://saml.klarmeld.invalid/forged";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Core §1.3.4: an ID must not repeat; the SP that sends one twice lets a Response for an old request
// log in a new browser. Remembered for the process: every login of a run passes here.
bool first_sight(const std::string& id) {
  static std::mutex mutex;
  static std::set<std::string> seen;
  std::lock_guard lock(mutex);
  return seen.insert(id).second;
}

const saml::AcsEndpoint* post_acs(const saml::SpMetadata& metadata) {
  for (const auto& acs : metadata.assertion_consumers) {
    if (acs.binding == saml::binding_http_post) {
      return &acs;
    }
  }
  return nullptr;
}

Failure nej(std::string reason) {
  return Failure{Verdict::Nej, std::move(reason)};
}

Failure not_tested(std::string reason) {
  return Failure{Verdict::IkkeTestet, std::move(reason)};
}

// The checks of profiles §4.1.4.1 and core §3.4.1 on an AuthnRequest whose signature verified.
std::optional<Failure> check_request(const saml::AuthnRequestInfo& request, const saml::RedirectMessage& redirect,
                                     const Setup& setup, AuthnRequestSeen& seen) {
  using namespace std::chrono_literals;
  if (request.destination.empty() || request.destination != redirect.destination) {
    return nej("the AuthnRequest's Destination \"" + request.destination + "\" is not the URL it was sent to (\"" +
               redirect.destination + "\", bindings §3.4.5.2)");
  }
  if (!setup.idp_sso_url.empty() && request.destination != setup.idp_sso_url) {
    return nej("the AuthnRequest goes to \"" + request.destination + "\", not the Context Handler's SSO URL \"" +
               setup.idp_sso_url + "\" (options.idp_sso_url)");
  }
  if (request.issuer != setup.metadata.entity_id) {
    return nej("the AuthnRequest's Issuer \"" + request.issuer + "\" is not the SP's entityID \"" +
               setup.metadata.entity_id + "\"");
  }
  if (!request.protocol_binding.empty() && request.protocol_binding != saml::binding_http_post) {
    return nej("the AuthnRequest asks for ProtocolBinding " + request.protocol_binding + ", not HTTP-POST");
  }
  const saml::AcsEndpoint* metadata_acs = post_acs(setup.metadata);
  if (!request.acs_url.empty()) {
    const bool listed = std::any_of(setup.metadata.assertion_consumers.begin(),
                                    setup.metadata.assertion_consumers.end(), [&](const saml::AcsEndpoint& acs) {
                                      return acs.location == request.acs_url && acs.binding == saml::binding_http_post;
                                    });
    if (!listed) {
      return nej("the AuthnRequest's AssertionConsumerServiceURL \"" + request.acs_url +
                 "\" is no HTTP-POST AssertionConsumerService of the SP metadata (profiles §4.1.4.1)");
    }
    seen.acs_url = request.acs_url;
  } else if (metadata_acs != nullptr) {
    seen.acs_url = metadata_acs->location;
  } else {
    return nej("neither the AuthnRequest nor the SP metadata names an HTTP-POST AssertionConsumerService");
  }
  if (request.id.empty() || !first_sight(request.id)) {
    return nej("the AuthnRequest ID \"" + request.id + "\" is empty or was used before (core §1.3.4)");
  }
  const TimePoint now = Clock::now();
  if (request.issue_instant < now - 5min || request.issue_instant > now + 5min) {
    return nej("the AuthnRequest's IssueInstant " + iso8601_utc(request.issue_instant) +
               " is more than five minutes from now");
  }
  return std::nullopt;
}

} // namespace

std::string default_idp_entity_id(const profile::Profile& profile) {
  const std::string& named = profile.credentials.idp.entity_id;
  return named.empty() ? std::string(kombit::sts_issuer) : named;
}

std::string register_idp_advice(const profile::Profile& profile, const crypto::Identity& identity) {
  const std::string subject = crypto::describe(identity.certificate.get()).subject;
  const std::string certificate =
      profile.credentials.idp.configured()
          ? "klarmeld's IdP certificate (credentials.idp, \"" + subject + "\")"
          : "klarmeld's system certificate (\"" + subject + "\"; the profile names no credentials.idp)";
  return "register " + certificate +
         " as that IdP's signing certificate in the test SP, or name the key and certificate it trusts in "
         "credentials.idp (or set options.idp_entity_id to the IdP entry that has it)";
}

Result<const crypto::Identity*> idp_signer(ProbeContext& context) {
  auto identity = context.idp_identity();
  if (!identity) {
    return runtime_error("probe.credentials", std::string(context.profile().credentials.idp.configured()
                                                              ? "IdP certificate (credentials.idp)"
                                                              : "system certificate") +
                                                  " unavailable: " + identity.error().message);
  }
  return identity;
}

Result<Setup> read_setup(ProbeContext& context, ProbeResult& result) {
  TRY_ASSIGN(profile::InterfaceEndpoint endpoint, context.endpoint("SF1511"));
  Setup setup;
  setup.protected_url = support::option(endpoint, "protected_url");
  if (setup.protected_url.empty()) {
    return input_error("probe.input", "options.protected_url of SF1511 is not set: the SP page a login opens "
                                      "(docs/probes.md, saml.sso)");
  }
  setup.idp_sso_url = support::option(endpoint, "idp_sso_url");
  setup.idp_entity_id = support::option(endpoint, "idp_entity_id", default_idp_entity_id(context.profile()));
  setup.user_text = support::option(endpoint, "user_text");
  setup.name_id = support::option(endpoint, "name_id", default_name_id);
  setup.legacy_attributes = support::option(endpoint, "attribute_set") == "legacy";
  setup.cvr = context.profile().municipality_cvr;
  http::Request request;
  request.url = support::option(endpoint, "metadata_url", endpoint.url);
  request.client_certificate = false;
  request.idempotent = true;
  TRY_ASSIGN(http::Response response, support::perform_recorded(context, request, "saml.sso.metadata", result));
  if (response.status != 200) {
    return runtime_error("probe.input",
                         "the SP metadata at " + request.url + " answered HTTP " + std::to_string(response.status));
  }
  TRY_ASSIGN(setup.metadata, saml::read_sp_metadata(response.body));
  return setup;
}

Result<http::Response> Browser::send(http::Request request, const std::string& label) {
  request.client_certificate = false;
  if (!m_cookies.empty()) {
    request.headers.emplace_back("Cookie", cookie_header());
  }
  TRY_ASSIGN(http::Response response, support::perform_recorded(m_context, request, label, m_result));
  for (const auto& [name, value] : response.headers) {
    if (lower(name) != "set-cookie") {
      continue;
    }
    const std::string pair = value.substr(0, value.find(';'));
    const size_t equals = pair.find('=');
    if (equals != std::string::npos && equals > 0) {
      m_cookies[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
  }
  return response;
}

Result<http::Response> Browser::get(const std::string& url, const std::string& label) {
  http::Request request;
  request.url = url;
  return send(std::move(request), label);
}

Result<http::Response> Browser::post_form(const std::string& url, const std::string& body, const std::string& label) {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = body;
  return send(std::move(request), label);
}

std::string Browser::cookie_header() const {
  std::string header;
  for (const auto& [name, value] : m_cookies) {
    header += (header.empty() ? "" : "; ") + name + "=" + value;
  }
  return header;
}

std::variant<AuthnRequestSeen, Failure> request_login(Browser& browser, const Setup& setup) {
  auto page = browser.get(setup.protected_url, "saml.sso.protected");
  // An SP may first send the browser to its own login handler (mod_auth_mellon: /mellon/login?ReturnTo=…),
  // which then redirects to the IdP: followed like a browser, a few hops at most.
  for (int hop = 0; hop < 4 && page && page->status >= 300 && page->status < 400; ++hop) {
    const std::string next = page->header("Location");
    if (next.find("SAMLRequest=") != std::string::npos || next.rfind("http", 0) != 0) {
      break;
    }
    page = browser.get(next, "saml.sso.login");
  }
  if (!page) {
    return not_tested("the protected page could not be reached: " + page.error().message);
  }
  const std::string location = page->header("Location");
  if (page->status < 300 || page->status >= 400 || location.find("SAMLRequest=") == std::string::npos) {
    return not_tested("the protected page " + setup.protected_url + " answered HTTP " + std::to_string(page->status) +
                      " without a redirect carrying an AuthnRequest (HTTP-Redirect binding): is options.protected_url "
                      "a page behind the SAML login?");
  }
  auto redirect = saml::read_redirect_binding(location, "SAMLRequest");
  if (!redirect) {
    return nej("the AuthnRequest redirect could not be read: " + redirect.error().message);
  }
  if (redirect->sig_alg.empty()) {
    return nej("the AuthnRequest is not signed (no SigAlg/Signature in the redirect; KOMBIT requires signed "
               "requests, bindings §3.4.4.1)");
  }
  if (setup.metadata.signing_certificates.empty()) {
    return nej("the SP metadata has no signing certificate to verify the AuthnRequest with");
  }
  if (auto signer = saml::verify_redirect_signature(*redirect, setup.metadata.signing_certificates); !signer) {
    return nej("the AuthnRequest's signature was refused (RSA-SHA256 by the metadata's signing key): " +
               signer.error().message);
  }
  auto request = saml::read_authn_request(redirect->xml);
  if (!request) {
    return nej("the AuthnRequest could not be read: " + request.error().message);
  }
  AuthnRequestSeen seen;
  seen.request = std::move(request).value();
  seen.relay_state = redirect->relay_state;
  if (auto failure = check_request(seen.request, *redirect, setup, seen)) {
    return *failure;
  }
  return seen;
}

saml::SsoResponseSpec response_for(const AuthnRequestSeen& seen, const Setup& setup) {
  saml::SsoResponseSpec spec;
  spec.issuer = setup.idp_entity_id;
  spec.destination = seen.acs_url;
  spec.in_response_to = seen.request.id;
  spec.audience = setup.metadata.entity_id;
  spec.name_id = setup.name_id;
  spec.session_index = crypto::xml::new_xml_id("_");
  spec.attributes =
      setup.legacy_attributes ? saml::context_handler::legacy(setup.cvr) : saml::context_handler::oiosaml3(setup.cvr);
  // KOMBIT's Context Handler encrypts assertions to the SP's encryption certificate (kombit-notes
  // "User-facing systems"; OIOSAML 3 requires it): so does klarmeld whenever the metadata has one.
  if (!setup.metadata.encryption_certificates.empty()) {
    spec.encrypt_to = setup.metadata.encryption_certificates.front().get();
    spec.data_encryption = saml::choose_data_encryption(setup.metadata.encryption_methods);
  }
  return spec;
}

Result<bool> deliver(Browser& browser, const AuthnRequestSeen& seen, const Setup& setup,
                     const std::string& response_xml, long& acs_status, long& page_status) {
  TRY_ASSIGN(http::Response acs,
             browser.post_form(seen.acs_url,
                               saml::post_binding_form_body("SAMLResponse", response_xml, seen.relay_state),
                               "saml.sso.acs"));
  acs_status = acs.status;
  TRY_ASSIGN(http::Response page, browser.get(setup.protected_url, "saml.sso.protected"));
  page_status = page.status;
  return page.status == 200 && (setup.user_text.empty() || page.body.find(setup.user_text) != std::string::npos);
}

saml::SsoSession session_of(const Browser& browser, const Setup& setup, const saml::SsoResponseSpec& sent) {
  saml::SsoSession session;
  session.idp_entity_id = setup.idp_entity_id;
  session.name_id = sent.name_id;
  session.session_index = sent.session_index;
  session.protected_url = setup.protected_url;
  session.cookies = browser.cookie_header();
  return session;
}

// The case's one departure from a correct Response (core §2.5.1.2 conditions, §2.4.1.2 subject
// confirmation, profiles §4.1.4.3 checks, §4.1.4.5 replay).
void forge(criteria::SsoCase sso_case, saml::SsoResponseSpec& spec) {
  using criteria::SsoCase;
  using namespace std::chrono_literals;
  switch (sso_case) {
  case SsoCase::Unsigned:
    spec.forgery = saml::SsoForgery::Unsigned;
    break;
  case SsoCase::Tampered:
    spec.forgery = saml::SsoForgery::TamperedAfterSigning;
    break;
  case SsoCase::SignatureWrapping:
    spec.forgery = saml::SsoForgery::SignatureWrapping;
    break;
  case SsoCase::Sha1:
    spec.forgery = saml::SsoForgery::Sha1;
    break;
  case SsoCase::Expired:
    spec.issue_instant = Clock::now() - 2h;
    spec.not_on_or_after = Clock::now() - 1h;
    break;
  case SsoCase::NotYetValid:
    spec.not_before = Clock::now() + 1h;
    spec.not_on_or_after = Clock::now() + 2h;
    break;
  case SsoCase::WrongAudience:
    spec.audience = other_party;
    break;
  case SsoCase::WrongDestination:
    spec.destination = std::string(other_party) + "/acs";
    break;
  case SsoCase::WrongIssuer:
    spec.issuer = other_party;
    break;
  case SsoCase::OtherInResponseTo:
    spec.in_response_to = crypto::xml::new_xml_id("_");
    break;
  default:
    break;
  }
}

std::variant<saml::SsoSession, Failure> log_in(ProbeContext& context, ProbeResult& result,
                                               const crypto::Identity& identity) {
  auto setup = read_setup(context, result);
  if (!setup) {
    return not_tested("no SP login to log out: " + setup.error().message);
  }
  Browser browser(context, result);
  auto seen = request_login(browser, *setup);
  if (auto* failure = std::get_if<Failure>(&seen)) {
    return not_tested("no SP login to log out: " + failure->reason);
  }
  const auto& request = std::get<AuthnRequestSeen>(seen);
  saml::SsoResponseSpec spec = response_for(request, *setup);
  auto xml = saml::build_sso_response(spec, identity);
  if (!xml) {
    return not_tested("could not sign the login Response: " + xml.error().message);
  }
  long acs_status = 0;
  long page_status = 0;
  auto logged_in = deliver(browser, request, *setup, *xml, acs_status, page_status);
  if (!logged_in || !*logged_in) {
    return not_tested(
        "no SP login to log out: the SP did not log klarmeld's user in (" +
        (logged_in ? "ACS HTTP " + std::to_string(acs_status) + ", protected page HTTP " + std::to_string(page_status)
                   : logged_in.error().message) +
        "); if it trusts another signing key for the IdP \"" + setup->idp_entity_id +
        "\": " + register_idp_advice(context.profile(), identity));
  }
  return session_of(browser, *setup, spec);
}

} // namespace klarmeld::probes::sso
