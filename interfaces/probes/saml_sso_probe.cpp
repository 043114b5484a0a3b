#include "interfaces/probes/saml_sso_probe.hpp"

#include <chrono>
#include <optional>

#include "criteria/model/probe_types.hpp"
#include "crypto/xml/encoding.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/probes/sso_login.hpp"

namespace klarmeld::probes {
namespace {

using criteria::SsoCase;
using support::finish;

// What each forged case does to the Response, in the words of the finding.
std::string describe(SsoCase sso_case) {
  switch (sso_case) {
  case SsoCase::Valid:
    return "a correct login";
  case SsoCase::Unsigned:
    return "an unsigned assertion";
  case SsoCase::Tampered:
    return "an assertion whose NameID was changed after signing";
  case SsoCase::SignatureWrapping:
    return "signature wrapping (an unsigned assertion for another user, the signed one moved into Extensions)";
  case SsoCase::Expired:
    return "an expired assertion (NotOnOrAfter an hour ago)";
  case SsoCase::NotYetValid:
    return "an assertion not yet valid (NotBefore in an hour)";
  case SsoCase::WrongAudience:
    return "an assertion for another SP (wrong Audience)";
  case SsoCase::WrongDestination:
    return "a Response for another ACS (wrong Destination and Recipient)";
  case SsoCase::WrongIssuer:
    return "an assertion from another IdP (wrong Issuer)";
  case SsoCase::UntrustedKey:
    return "an assertion signed by a key the SP does not trust";
  case SsoCase::OtherInResponseTo:
    return "a Response to an AuthnRequest the SP never sent (InResponseTo)";
  case SsoCase::Replayed:
    return "a replayed assertion (its ID already used in an accepted login)";
  case SsoCase::Sha1:
    return "an assertion signed with RSA-SHA1";
  }
  return "a forged login";
}

class SamlSsoProbe final : public Probe {
public:
  std::string_view type() const override { return "saml.sso"; }
  // Metadata, protected page, ACS, protected page; a replay logs in once before.
  int sequential_requests(const criteria::ProbeSpec& spec) const override {
    return criteria::modes_of(spec).sso_case == SsoCase::Replayed ? 7 : 4;
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    const TimePoint started = Clock::now();
    const SsoCase sso_case = criteria::modes_of(spec).sso_case;
    ProbeResult result;
    result.facts.push_back({"case", std::string(spelling_of(criteria::sso_case_spellings, sso_case))});
    auto identity = sso::idp_signer(context);
    if (!identity) {
      return finish(result, Verdict::IkkeTestet, identity.error().message, started);
    }
    auto setup = sso::read_setup(context, result);
    if (!setup) {
      return finish(result, Verdict::IkkeTestet, setup.error().message, started);
    }
    if (sso_case != SsoCase::Valid) {
      // Each forged case logs in a user of its own: an SP that accepts one (mod_auth_mellon 0.18 takes
      // unsolicited and RSA-SHA1 logins, tests/e2e/README.md) then holds no second session for the
      // NameID saml.slo logs out — mellon looks a LogoutRequest's session up by NameID alone and
      // answers "Unknown principal" when it finds another session of that user (SAML profiles §4.4.4.1).
      setup->name_id += "-" + std::string(spelling_of(criteria::sso_case_spellings, sso_case));
    }
    std::string replayed_assertion_id;
    if (sso_case == SsoCase::Replayed) {
      auto first = first_login(context, result, *setup, **identity);
      if (!first) {
        return finish(result, Verdict::IkkeTestet, first.error().message, started);
      }
      replayed_assertion_id = *first;
    }
    sso::Browser browser(context, result);
    auto seen = sso::request_login(browser, *setup);
    if (auto* failure = std::get_if<sso::Failure>(&seen)) {
      // A forged case needs an AuthnRequest to answer; what is wrong with it is the valid case's finding.
      return finish(result, sso_case == SsoCase::Valid ? failure->verdict : Verdict::IkkeTestet,
                    sso_case == SsoCase::Valid ? failure->reason : "no AuthnRequest to answer: " + failure->reason,
                    started);
    }
    const auto& request = std::get<sso::AuthnRequestSeen>(seen);
    result.facts.push_back({"authn_request_id", request.request.id});
    result.facts.push_back({"acs_url", request.acs_url});
    saml::SsoResponseSpec response = sso::response_for(request, *setup);
    result.facts.push_back({"assertion_encryption", response.encrypt_to != nullptr
                                                        ? crypto::xml::uri_of(response.data_encryption)
                                                        : "none (the SP metadata has no encryption key)"});
    sso::forge(sso_case, response);
    response.assertion_id = replayed_assertion_id;
    std::optional<crypto::Identity> untrusted;
    const crypto::Identity* signer = *identity;
    if (sso_case == SsoCase::UntrustedKey) {
      // A key of its own: an SP verifies the assertion by the registered key, so a new certificate over
      // the system key would still verify (observed with mod_auth_mellon). One RSA key, for this case only.
      crypto::Identity fresh;
      auto key = support::unregistered_rsa_key();
      if (!key) {
        return finish(result, Verdict::IkkeTestet, "could not generate the untrusted key", started);
      }
      fresh.key = std::move(key).value();
      auto made = support::stand_in(fresh, "klarmeld untrusted IdP");
      if (!made) {
        return finish(result, Verdict::IkkeTestet, made.error().message, started);
      }
      untrusted = std::move(made).value();
      signer = &*untrusted;
    }
    auto xml = saml::build_sso_response(response, *signer);
    if (!xml) {
      return finish(result, Verdict::IkkeTestet, "could not build the Response: " + xml.error().message, started);
    }
    long acs_status = 0;
    long page_status = 0;
    auto logged_in = sso::deliver(browser, request, *setup, *xml, acs_status, page_status);
    if (!logged_in) {
      return finish(result, Verdict::IkkeTestet, "the SP could not be reached: " + logged_in.error().message, started);
    }
    const std::string answered = "the ACS answered HTTP " + std::to_string(acs_status) + ", the protected page HTTP " +
                                 std::to_string(page_status);
    if (sso_case == SsoCase::Valid) {
      if (!*logged_in) {
        // A test SP that trusts another key for the IdP refuses the correct Response as it refuses the
        // untrusted-key case, and its answer seldom says which check failed (mod_auth_mellon: HTTP 400,
        // tests/e2e/README.md): the reason says what to register, in case that is why.
        return finish(result, Verdict::Nej,
                      "the SP did not log in the user of a correct Response: " + answered +
                          (setup->user_text.empty() ? "" : " (options.user_text \"" + setup->user_text + "\")") +
                          "; if it trusts another signing key for the IdP \"" + setup->idp_entity_id +
                          "\": " + sso::register_idp_advice(context.profile(), **identity),
                      started);
      }
      result.facts.push_back({"session_index", response.session_index});
      context.keep_sso_session(sso::session_of(browser, *setup, response));
      return finish(result, Verdict::Ja,
                    "logged in as " + response.name_id + " after a signed AuthnRequest " + request.request.id +
                        "; the protected page answered HTTP 200",
                    started);
    }
    if (*logged_in) {
      return finish(result, Verdict::Nej, "the SP logged the user in with " + describe(sso_case) + ": " + answered,
                    started);
    }
    return finish(result, Verdict::Ja, "the SP refused " + describe(sso_case) + ": " + answered + " (not logged in)",
                  started);
  }

  // A correct login in a browser of its own, whose assertion ID the replay case then uses again.
  static Result<std::string> first_login(ProbeContext& context, ProbeResult& result, const sso::Setup& setup,
                                         const crypto::Identity& identity) {
    sso::Browser browser(context, result);
    auto seen = sso::request_login(browser, setup);
    if (auto* failure = std::get_if<sso::Failure>(&seen)) {
      return runtime_error("probe.sso", "no first login to replay: " + failure->reason);
    }
    saml::SsoResponseSpec spec = sso::response_for(std::get<sso::AuthnRequestSeen>(seen), setup);
    spec.assertion_id = crypto::xml::new_xml_id("_");
    TRY_ASSIGN(std::string xml, saml::build_sso_response(spec, identity));
    long acs_status = 0;
    long page_status = 0;
    TRY_ASSIGN(bool logged_in,
               sso::deliver(browser, std::get<sso::AuthnRequestSeen>(seen), setup, xml, acs_status, page_status));
    if (!logged_in) {
      return runtime_error("probe.sso",
                           "no first login to replay: the SP refused a correct login (protected page HTTP " +
                               std::to_string(page_status) + ")");
    }
    return spec.assertion_id;
  }
};

} // namespace

std::unique_ptr<Probe> make_saml_sso_probe() {
  return std::make_unique<SamlSsoProbe>();
}

} // namespace klarmeld::probes
