// SAML 2.0 Web Browser SSO as klarmeld plays it against the vendor's SP (SF1511, issue #16), in the
// Context Handler's role and with a browser's cookie jar: GET the protected page, read and check the
// SP's AuthnRequest from the redirect (HTTP-Redirect binding, bindings §3.4), answer with a Response
// by HTTP-POST to the ACS (bindings §3.5), then GET the page again to see whom the SP let in.
// Shared by saml.sso (each login case) and saml.slo (a session of its own when saml.sso left none).
// Options of the SF1511 endpoint (docs/probes.md, saml.sso): protected_url (required), idp_sso_url
// (the Context Handler SingleSignOnService the AuthnRequest's Destination must name), idp_entity_id,
// user_text, name_id, attribute_set (oiosaml3 or legacy), metadata_url (else the SF1511 URL).
#pragma once

#include <map>
#include <string>
#include <variant>

#include "criteria/model/probe_modes.hpp"
#include "crypto/identity.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probe.hpp"
#include "interfaces/saml/sp_metadata.hpp"
#include "interfaces/saml/sso_session.hpp"
#include "interfaces/saml/web_sso.hpp"

namespace klarmeld::probes::sso {

struct Setup {
  std::string protected_url;
  std::string idp_sso_url; // empty: the AuthnRequest's Destination is reported, not compared
  std::string idp_entity_id;
  std::string user_text;
  std::string name_id;
  bool legacy_attributes = false;
  std::string cvr;
  saml::SpMetadata metadata;
};

// The IdP entityID klarmeld writes as Issuer when no options.idp_entity_id says otherwise: the
// profile's credentials.idp.entity_id, else KOMBIT's test IdP (issue #16).
std::string default_idp_entity_id(const profile::Profile& profile);

// What the vendor does when its test SP trusts another key for the IdP, in a reason's words: register
// the certificate klarmeld signed with (named), or name the trusted one in credentials.idp
// (docs/probes.md, "Registering klarmeld's IdP identity in the test SP").
std::string register_idp_advice(const profile::Profile& profile, const crypto::Identity& identity);

// The IdP signing identity (ProbeContext::idp_identity), or why there is none, as a reason.
Result<const crypto::Identity*> idp_signer(ProbeContext& context);

// Reads the SF1511 options and the SP metadata (recorded as evidence); an error is a reason for Ikke testet.
Result<Setup> read_setup(ProbeContext& context, ProbeResult& result);

// A browser: keeps the cookies the SP sets (RFC 6265 §5.3, names and values only: one SP, one path).
class Browser {
public:
  Browser(ProbeContext& context, ProbeResult& result) : m_context(context), m_result(result) {}
  Result<http::Response> get(const std::string& url, const std::string& label);
  Result<http::Response> post_form(const std::string& url, const std::string& body, const std::string& label);
  std::string cookie_header() const;

private:
  Result<http::Response> send(http::Request request, const std::string& label);
  ProbeContext& m_context;
  ProbeResult& m_result;
  std::map<std::string, std::string> m_cookies;
};

// The SP's AuthnRequest as the protected page's redirect carried it.
struct AuthnRequestSeen {
  saml::AuthnRequestInfo request;
  std::string relay_state;
  std::string acs_url; // where the Response goes: the request's ACS URL, else the metadata's HTTP-POST ACS
};

// What went wrong at a step: Nej when the SP did something wrong, Ikke testet when nothing was decided.
struct Failure {
  Verdict verdict = Verdict::IkkeTestet;
  std::string reason;
};

// GET the protected page and check the AuthnRequest (profiles §4.1.4.1, core §3.4.1): the
// RSA-SHA256 query signature by the metadata's signing key, Destination, Issuer = the SP's entityID,
// ACS URL and ProtocolBinding as the metadata lists them, an ID not seen before, a recent IssueInstant.
std::variant<AuthnRequestSeen, Failure> request_login(Browser& browser, const Setup& setup);

// The Response klarmeld would send for `seen` (correct values; callers change them for a forged case),
// encrypted to the metadata's encryption certificate when it has one.
saml::SsoResponseSpec response_for(const AuthnRequestSeen& seen, const Setup& setup);

// The forged case's one departure from a correct Response (saml.sso; also the simulated SP's fault
// matrix test). UntrustedKey and Replayed change the signer and the assertion ID, which the caller does.
void forge(criteria::SsoCase sso_case, saml::SsoResponseSpec& spec);

// POSTs the signed Response to the ACS, then GETs the protected page: true when the SP answered it 200
// as the user (and with user_text when set); `page_status` says what it answered.
Result<bool> deliver(Browser& browser, const AuthnRequestSeen& seen, const Setup& setup,
                     const std::string& response_xml, long& acs_status, long& page_status);

// The SP session a successful login opened, for saml.slo.
saml::SsoSession session_of(const Browser& browser, const Setup& setup, const saml::SsoResponseSpec& sent);

// The whole correct login in one call (saml.slo's own session when saml.sso left none).
std::variant<saml::SsoSession, Failure> log_in(ProbeContext& context, ProbeResult& result,
                                               const crypto::Identity& identity);

} // namespace klarmeld::probes::sso
