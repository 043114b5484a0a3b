#include "interfaces/probes/sts_protected_probe.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/random.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/wssec/oioidws_envelope.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes {
namespace {

using criteria::ProtectedCase;
using support::finish;
namespace wns = wssec::ns;

constexpr const char* default_action = "urn:klarmeld:probe:sf1512:ping";
constexpr const char* default_body = "<Ping xmlns=\"urn:klarmeld:probe:sf1512\"/>";
constexpr const char* wrong_audience = "urn:klarmeld:probe:not-this-service";

// What each case sends, as the verdict's reason names it.
std::string_view description_of(ProtectedCase test_case) {
  switch (test_case) {
  case ProtectedCase::Valid:
    return "a valid token";
  case ProtectedCase::NoToken:
    return "a call without a token";
  case ProtectedCase::Expired:
    return "an expired token";
  case ProtectedCase::NotYetValid:
    return "a token that is not yet valid";
  case ProtectedCase::WrongAudience:
    return "a token issued for another service (wrong Audience)";
  case ProtectedCase::WrongIssuer:
    return "a token from an issuer it must not trust";
  case ProtectedCase::Tampered:
    return "a tampered token (assertion changed after the issuer signed it)";
  case ProtectedCase::SignatureWrapping:
    return "a signature-wrapped message (signed Body moved, another Body inserted)";
  case ProtectedCase::NonHolderKey:
    return "a message signed by a key other than the token's holder-of-key";
  case ProtectedCase::Replayed:
    return "a replayed message (same MessageID twice)";
  case ProtectedCase::NoTimestamp:
    return "a message without a Timestamp";
  }
  return "a test message";
}

struct Setup {
  std::string url;
  std::string entity_id;
  std::string issuer_name;
  std::string action;
  std::string body;
  std::string cvr;
  const crypto::Identity* system = nullptr;
  std::shared_ptr<const crypto::Identity> issuer_key;
};

// The eleven cases share one test-issuer key: PKCS#12 decryption is the dearest step of a case, so the
// key is loaded once per (file, password) and kept for the process.
Result<std::shared_ptr<const crypto::Identity>> load_test_issuer(const profile::Profile& profile,
                                                                 const std::string& path) {
  crypto::PasswordSource source;
  source.environment_variable = profile.credentials.password_env;
  source.file = profile.credentials.password_file.empty()
                    ? std::string()
                    : support::relative_to_profile(profile, profile.credentials.password_file);
  TRY_ASSIGN(std::string password, crypto::read_password(source));
  std::string file = support::relative_to_profile(profile, path);
  std::string key = file + "\n" + sha256_hex(password);
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const crypto::Identity>> loaded;
  std::lock_guard lock(mutex);
  if (auto found = loaded.find(key); found != loaded.end()) {
    return found->second;
  }
  TRY_ASSIGN(crypto::Identity identity, crypto::load_pkcs12(file, password));
  auto shared = std::make_shared<const crypto::Identity>(std::move(identity));
  loaded.emplace(key, shared);
  return shared;
}

Result<std::string> mint(const Setup& setup, ProtectedCase test_case, const crypto::Identity& issuer_key) {
  saml::AssertionSpec spec;
  spec.issuer = setup.issuer_name;
  spec.holder_certificate = setup.system->certificate.get();
  spec.audience = test_case == ProtectedCase::WrongAudience ? wrong_audience : setup.entity_id;
  spec.cvr = setup.cvr;
  TimePoint now = Clock::now();
  spec.issue_instant = now - std::chrono::minutes(1);
  if (test_case == ProtectedCase::Expired) {
    spec.issue_instant = now - std::chrono::hours(9);
    spec.not_before = spec.issue_instant;
    spec.not_on_or_after = now - std::chrono::hours(1);
  } else if (test_case == ProtectedCase::NotYetValid) {
    spec.issue_instant = now;
    spec.not_before = now + std::chrono::hours(1);
    spec.not_on_or_after = now + std::chrono::hours(9);
  }
  if (test_case == ProtectedCase::WrongIssuer) {
    spec.issuer = "https://sts.untrusted.klarmeld.invalid";
  }
  return saml::issue_assertion(spec, issuer_key);
}

// Moves the signed Body into a header wrapper (keeping its wsu:Id, so a by-ID verifier still finds
// and digests it) and puts another Body where the service will read it.
Status wrap_signature(xmlDoc* doc) {
  xmlNode* body = wssec::soap_body(doc);
  xmlNode* header = wssec::soap_header(doc);
  if (body == nullptr || header == nullptr) {
    return internal_error("probe.wrapping", "envelope without Header/Body");
  }
  xmlUnlinkNode(body);
  xmlNode* wrapper = xmlNewChild(header, nullptr, reinterpret_cast<const xmlChar*>("Wrapper"), nullptr);
  xmlNs* ns = xmlNewNs(wrapper, reinterpret_cast<const xmlChar*>("urn:klarmeld:probe:wrapper"),
                       reinterpret_cast<const xmlChar*>("kw"));
  xmlSetNs(wrapper, ns);
  xmlAddChild(wrapper, body);
  std::string evil = std::string("<s:Body xmlns:s=\"") + wns::soap12 +
                     "\"><Evil xmlns=\"urn:klarmeld:probe:sf1512\">not the signed body</Evil></s:Body>";
  TRY_ASSIGN(crypto::xml::XmlDocPtr evil_doc, crypto::xml::parse_untrusted_xml(evil, "evil body"));
  xmlNode* copy = xmlDocCopyNode(xmlDocGetRootElement(evil_doc.get()), doc, 1);
  if (copy == nullptr || xmlAddChild(xmlDocGetRootElement(doc), copy) == nullptr) {
    return internal_error("probe.wrapping", "could not insert the substitute Body");
  }
  return Ok{};
}

std::string unsigned_envelope(const Setup& setup) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"") + wns::soap12 +
         "\" xmlns:wsa=\"" + wns::wsa + "\"><s:Header><wsa:Action s:mustUnderstand=\"true\">" +
         crypto::xml::escape_xml(setup.action) + "</wsa:Action><wsa:MessageID>urn:uuid:" + crypto::random_uuid() +
         "</wsa:MessageID><wsa:To s:mustUnderstand=\"true\">" + crypto::xml::escape_xml(setup.url) +
         "</wsa:To></s:Header><s:Body>" + setup.body + "</s:Body></s:Envelope>";
}

Result<std::string> build_message(const Setup& setup, ProtectedCase test_case) {
  if (test_case == ProtectedCase::NoToken) {
    return unsigned_envelope(setup);
  }
  // wrong_issuer: the system signs its own token — the forgery any client could make.
  std::optional<crypto::Identity> untrusted_issuer;
  if (test_case == ProtectedCase::WrongIssuer) {
    TRY_ASSIGN(untrusted_issuer, support::stand_in(*setup.system, "klarmeld untrusted issuer"));
  }
  TRY_ASSIGN(std::string assertion, mint(setup, test_case, untrusted_issuer ? *untrusted_issuer : *setup.issuer_key));
  if (test_case == ProtectedCase::Tampered) {
    // Change the CVR claim after signing: the assertion signature no longer holds.
    auto at = assertion.find(">" + setup.cvr + "<");
    if (at == std::string::npos) {
      return internal_error("probe.tamper", "could not find the CVR claim to tamper with");
    }
    assertion.replace(at + 1, setup.cvr.size(), setup.cvr == "29189919" ? "55133018" : "29189919");
  }
  wssec::OioidwsRequest request;
  request.endpoint_url = setup.url;
  request.action = setup.action;
  request.body_xml = setup.body;
  request.assertion_xml = assertion;
  request.include_timestamp = test_case != ProtectedCase::NoTimestamp;
  TRY_ASSIGN(wssec::OioidwsEnvelope envelope, wssec::build_oioidws_envelope(request));
  // non_holder_key: signed with the test issuer's key, which the token does not name as its holder.
  std::optional<crypto::Identity> non_holder;
  if (test_case == ProtectedCase::NonHolderKey) {
    TRY_ASSIGN(non_holder, support::stand_in(*setup.issuer_key, "klarmeld non-holder key"));
  }
  TRY(wssec::sign_oioidws_envelope(envelope, non_holder ? *non_holder : *setup.system));
  if (test_case == ProtectedCase::SignatureWrapping) {
    TRY(wrap_signature(envelope.doc.get()));
  }
  return crypto::xml::serialize_document(envelope.doc.get());
}

enum class Outcome { Accepted, Rejected, Unclear };

struct Judgement {
  Outcome outcome = Outcome::Rejected;
  std::string detail;
};

Judgement judge(const http::Response& response) {
  Judgement judgement;
  std::string http = "HTTP " + std::to_string(response.status);
  std::optional<soap::SoapFault> fault;
  auto doc = crypto::xml::parse_untrusted_xml(response.body, "WSP answer");
  if (doc) {
    if (auto found = soap::find_soap_fault(doc->get()); found && *found) {
      fault = **found;
    }
  }
  bool success = response.status >= 200 && response.status < 300;
  if (fault) {
    judgement.detail = http + " SOAP fault " + fault->describe();
    judgement.outcome = Outcome::Rejected;
  } else if (success && response.body.empty()) {
    judgement.detail = http + " with an empty body"; // a one-way operation's answer
    judgement.outcome = Outcome::Accepted;
  } else if (success && !doc) {
    // Neither an answer nor a fault: whether the service let the message through cannot be told.
    judgement.detail = http + " with a body that is not XML (" + doc.error().message + ")";
    judgement.outcome = Outcome::Unclear;
  } else if (success) {
    judgement.detail = http + " without a SOAP fault";
    judgement.outcome = Outcome::Accepted;
  } else {
    judgement.detail = http;
    judgement.outcome = Outcome::Rejected;
  }
  return judgement;
}

class StsProtectedProbe final : public Probe {
public:
  std::string_view type() const override { return "sts.protected"; }
  // replayed: the same message twice, the second must be refused.
  int sequential_requests(const criteria::ProbeSpec& spec) const override {
    return spec.modes.protected_case == ProtectedCase::Replayed ? 2 : 1;
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    TimePoint started = Clock::now();
    ProtectedCase test_case = spec.modes.protected_case;
    std::string case_name(spelling_of(criteria::protected_case_spellings, test_case));
    auto setup = prepare(test_case, context);
    if (!setup) {
      return ProbeResult::not_tested(setup.error().message);
    }
    ProbeResult result;
    result.facts.push_back({"case", case_name});
    auto message = build_message(*setup, test_case);
    if (!message) {
      return finish(result, Verdict::IkkeTestet, "could not build the test message: " + message.error().message,
                    started);
    }
    http::Request request;
    request.method = "POST";
    request.url = setup->url;
    request.headers = {{"Content-Type", std::string(wns::soap12_content_type) + "; action=\"" + setup->action + "\""}};
    request.body = *message;
    request.client_certificate = true;
    if (test_case == ProtectedCase::Replayed) {
      auto first = support::perform_recorded(context, request, "sts.protected.replayed.first", result);
      if (!first) {
        return finish(result, Verdict::IkkeTestet, "the service could not be reached: " + first.error().message,
                      started);
      }
      Judgement original = judge(*first);
      if (original.outcome != Outcome::Accepted) {
        return finish(result, Verdict::IkkeTestet,
                      "the original (valid) message was not accepted (" + original.detail +
                          "), so replay protection cannot be told apart",
                      started);
      }
    }
    auto response = support::perform_recorded(context, request, "sts.protected." + case_name, result);
    if (!response) {
      return finish(result, Verdict::IkkeTestet, "the service could not be reached: " + response.error().message,
                    started);
    }
    Judgement judgement = judge(*response);
    result.facts.push_back({"answer", judgement.detail});
    const std::string what(description_of(test_case));
    if (judgement.outcome == Outcome::Unclear) {
      return finish(result, Verdict::IkkeTestet,
                    "cannot tell whether the service accepted " + what + ": " + judgement.detail, started);
    }
    if (test_case == ProtectedCase::Valid) {
      return judgement.outcome == Outcome::Accepted
                 ? finish(result, Verdict::Ja, "the service accepted " + what + " (" + judgement.detail + ")", started)
                 : finish(result, Verdict::Nej, "the service rejected " + what + " (" + judgement.detail + ")",
                          started);
    }
    return judgement.outcome == Outcome::Rejected
               ? finish(result, Verdict::Ja, "the service rejected " + what + " (" + judgement.detail + ")", started)
               : finish(result, Verdict::Nej, "the service accepted " + what + " (" + judgement.detail + ")", started);
  }

  static Result<Setup> prepare(ProtectedCase test_case, ProbeContext& context) {
    TRY_ASSIGN(profile::InterfaceEndpoint endpoint, context.endpoint(context.interface().id));
    const profile::Profile& profile = context.profile();
    Setup setup;
    setup.url = endpoint.url;
    setup.entity_id = endpoint.entity_id;
    if (setup.url.empty()) {
      return input_error("probe.input", "the profile gives no URL for " + context.interface().id + "'s service");
    }
    if (setup.entity_id.empty()) {
      return input_error("probe.input", "the profile gives no entity_id for " + context.interface().id +
                                            " (the Audience the service expects)");
    }
    setup.action = support::option(endpoint, "action", default_action);
    setup.body = support::option(endpoint, "request_body", default_body);
    setup.cvr = profile.municipality_cvr;
    setup.issuer_name = support::option(endpoint, "test_issuer",
                                        profile.environment.sts_issuer.empty() ? "https://sts.klarmeld.test"
                                                                               : profile.environment.sts_issuer);
    if (test_case == ProtectedCase::NoToken) {
      return setup;
    }
    TRY_ASSIGN(setup.system, context.system_identity());
    std::string p12 = support::option(endpoint, "test_issuer_p12");
    if (p12.empty()) {
      return input_error("probe.input", "needs environment.interfaces." + context.interface().id +
                                            ".options.test_issuer_p12: a token-signing key the vendor's test service "
                                            "trusts");
    }
    auto issuer = load_test_issuer(profile, p12);
    if (!issuer) {
      return runtime_error("probe.input", "test issuer key unavailable: " + issuer.error().message);
    }
    setup.issuer_key = std::move(issuer).value();
    return setup;
  }
};

} // namespace

std::unique_ptr<Probe> make_sts_protected_probe() {
  return std::make_unique<StsProtectedProbe>();
}

} // namespace klarmeld::probes
