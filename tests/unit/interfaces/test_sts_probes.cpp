// The token probes against in-memory services built from klarmeld's own WS-Security/SAML library:
// a conforming WSP (checks everything SF1512 asks) and a lax one (accepts anything).
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include <openssl/pkcs12.h>

#include "criteria/model/probe_types.hpp"
#include "crypto/certificate_info.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/context.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/probes/soap_call_probe.hpp"
#include "interfaces/probes/sts_protected_probe.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/wssec/oioidws_envelope.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "stub_context.hpp"
#include "tests/unit/support/test_certs.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

namespace {

const char* const wsp_entity = "https://vendor.example/service/sager/1";
const char* const issuer_name = kombit::sts_issuer;
const char* const password_variable = "KLARMELD_TEST_STS_PROBE_P12_PASSWORD";

struct ProbeParties {
  crypto::Identity issuer = testing::make_identity("test issuer");
  crypto::Identity system = testing::make_identity(testing::CertificateSpec{"Sagsbehandler Pro", "12345674"});
  std::vector<crypto::X509Ptr> trusted;
  testing::ScratchDirectory scratch;
  std::string p12_path;
  ProbeParties() {
    trusted.emplace_back(X509_dup(issuer.certificate.get()));
    PKCS12* p12 =
        PKCS12_create("probe-test", "issuer", issuer.key.get(), issuer.certificate.get(), nullptr, 0, 0, 0, 0, 0);
    REQUIRE(p12 != nullptr);
    unsigned char* der = nullptr;
    int length = i2d_PKCS12(p12, &der);
    PKCS12_free(p12);
    p12_path = scratch.write("issuer.p12", std::string(reinterpret_cast<char*>(der), static_cast<size_t>(length)));
    OPENSSL_free(der);
    setenv(password_variable, "probe-test", 1);
  }
};

ProbeParties& probe_parties() {
  static ProbeParties instance;
  return instance;
}

http::Response soap_fault_response(const std::string& reason) {
  http::Response response;
  response.status = 500;
  response.body = soap::build_soap12_fault("Sender", "InvalidSecurity", reason);
  return response;
}

// A WSP per SF1512: WS-Security signature by the holder-of-key, trusted issuer, audience, lifetime,
// Timestamp, anti-wrapping, replay cache.
class ConformingWsp final : public http::Client {
public:
  bool lax = false;
  int calls = 0;
  std::optional<http::Response> canned; // answer this to everything
  std::string last_body;

  Result<http::Response> perform(const http::Request& request) override {
    ++calls;
    last_body = request.body;
    if (canned) {
      return *canned;
    }
    if (lax) {
      return ok();
    }
    auto doc = parse_untrusted_xml(request.body, "request");
    if (!doc) {
      return soap_fault_response(doc.error().message);
    }
    wssec::VerifyPolicy policy;
    policy.required_signed_headers = wssec::oioidws_required_signed_headers();
    policy.allow_binary_security_token = false;
    auto verified = wssec::verify_soap_envelope(doc->get(), policy);
    if (!verified) {
      return soap_fault_response(verified.error().message);
    }
    saml::AssertionPolicy assertion_policy;
    assertion_policy.trusted_signers = &probe_parties().trusted;
    assertion_policy.expected_issuer = issuer_name;
    assertion_policy.audience = wsp_entity;
    auto assertion = saml::validate_assertion(verified->assertion, assertion_policy);
    if (!assertion) {
      return soap_fault_response(assertion.error().message);
    }
    std::string message_id = trimmed_text(verified->header_element(wssec::ns::wsa, "MessageID"));
    if (!m_seen.insert(message_id).second) {
      return soap_fault_response("replayed MessageID");
    }
    return ok();
  }

private:
  std::set<std::string> m_seen;
  static http::Response ok() {
    http::Response response;
    response.status = 200;
    response.body = std::string("<s:Envelope xmlns:s=\"") + wssec::ns::soap12 +
                    "\"><s:Body><PingResponse xmlns=\"urn:klarmeld:probe:sf1512\"/></s:Body></s:Envelope>";
    return response;
  }
};

// The SF1512 set-up: the vendor WSP's endpoint with the test issuer's PKCS#12 and its name.
struct Sf1512Context {
  testing::NoTokens no_tokens;
  testing::StubContext context;
  explicit Sf1512Context(http::Client& client)
      : context(client, "SF1512", no_tokens, &probe_parties().system, &probe_parties().trusted) {
    profile::Profile& profile = context.editable_profile();
    profile.credentials.password_env = password_variable;
    profile::InterfaceEndpoint endpoint;
    endpoint.url = "https://vendor.example/wsp";
    endpoint.entity_id = wsp_entity;
    endpoint.options["test_issuer_p12"] = probe_parties().p12_path;
    endpoint.options["test_issuer"] = issuer_name;
    profile.environment.interfaces["SF1512"] = endpoint;
  }
};

probes::ProbeResult run_case(http::Client& client, const std::string& test_case) {
  Sf1512Context setup(client);
  criteria::ProbeSpec spec;
  spec.type = "sts.protected";
  spec.params["case"] = test_case;
  spec.modes = criteria::modes_of(spec); // as the catalog loader parses it
  criteria::Criterion criterion;
  return probes::make_sts_protected_probe()->run(criterion, spec, setup.context);
}

const std::vector<std::string> negative_cases = {"no_token",     "expired",     "not_yet_valid",      "wrong_audience",
                                                 "wrong_issuer", "tampered",    "signature_wrapping", "non_holder_key",
                                                 "replayed",     "no_timestamp"};

} // namespace

TEST_SUITE("probes::sts.protected") {
  TEST_CASE("a conforming WSP: valid accepted, every faulty call rejected") {
    ConformingWsp wsp;
    auto valid = run_case(wsp, "valid");
    CHECK_MESSAGE(valid.verdict == Verdict::Ja, valid.reason);
    for (const std::string& test_case : negative_cases) {
      auto result = run_case(wsp, test_case);
      CHECK_MESSAGE(result.verdict == Verdict::Ja, std::string(test_case + ": " + result.reason));
      CHECK_MESSAGE(result.reason.find("rejected") != std::string::npos, result.reason);
    }
  }
  TEST_CASE("the WSP's refusal reasons match the fault each case injects") {
    ConformingWsp wsp;
    CHECK(run_case(wsp, "expired").reason.find("expired") != std::string::npos);
    CHECK(run_case(wsp, "wrong_audience").reason.find("Audience") != std::string::npos);
    CHECK(run_case(wsp, "signature_wrapping").reason.find("Body is not covered") != std::string::npos);
    CHECK(run_case(wsp, "no_timestamp").reason.find("Timestamp") != std::string::npos);
    CHECK(run_case(wsp, "tampered").reason.find("signature") != std::string::npos);
  }
  TEST_CASE("a lax WSP that accepts anything: each negative case is Nej with its reason") {
    ConformingWsp wsp;
    wsp.lax = true;
    auto expired = run_case(wsp, "expired");
    CHECK(expired.verdict == Verdict::Nej);
    CHECK(expired.reason.find("the service accepted an expired token") == 0);
    for (const std::string& test_case : negative_cases) {
      CHECK_MESSAGE(run_case(wsp, test_case).verdict == Verdict::Nej, test_case);
    }
  }
  TEST_CASE("an answer that is neither SOAP nor a fault decides nothing") {
    ConformingWsp wsp;
    wsp.canned = http::Response{};
    wsp.canned->status = 200;
    wsp.canned->body = "<html><body>Welcome</body";
    for (const std::string test_case : {"valid", "expired"}) {
      auto result = run_case(wsp, test_case);
      CHECK_MESSAGE(result.verdict == Verdict::IkkeTestet, result.reason);
      CHECK_MESSAGE(result.reason.find("cannot tell whether the service accepted") == 0, result.reason);
      CHECK_MESSAGE(result.reason.find("HTTP 200 with a body that is not XML") != std::string::npos, result.reason);
    }
    wsp.canned->status = 202;
    wsp.canned->body.clear();
    auto one_way = run_case(wsp, "valid");
    CHECK_MESSAGE(one_way.verdict == Verdict::Ja, one_way.reason);
    CHECK(one_way.reason.find("HTTP 202 with an empty body") != std::string::npos);
  }
  TEST_CASE("forged issuer and non-holder signer are self-signed stand-ins over keys at hand") {
    ConformingWsp wsp;
    wsp.lax = true;
    auto signer_of = [&](const std::string& test_case, const char* element) {
      (void)run_case(wsp, test_case);
      // The certificate in the KeyInfo of the signature inside `element` (Assertion or Security).
      std::string text = wsp.last_body;
      size_t scope = text.find(element);
      REQUIRE(scope != std::string::npos);
      size_t open = text.find("X509Certificate>", scope);
      REQUIRE(open != std::string::npos);
      size_t close = text.find("<", open);
      return certificate_from_base64(text.substr(open + 16, close - open - 16), "test");
    };
    auto issuer = signer_of("wrong_issuer", "Assertion ");
    REQUIRE(issuer.ok());
    CHECK(X509_check_issued(issuer->get(), issuer->get()) == X509_V_OK);
    CHECK(EVP_PKEY_eq(X509_get0_pubkey(issuer->get()), probe_parties().system.key.get()) == 1);
    CHECK(crypto::describe(issuer->get()).subject.find("klarmeld untrusted issuer") != std::string::npos);
  }
  TEST_CASE("without the test issuer key the forging cases are not tested, with the reason") {
    ConformingWsp wsp;
    Sf1512Context setup(wsp);
    auto& endpoint = setup.context.editable_profile().environment.interfaces["SF1512"];
    endpoint.options.erase("test_issuer_p12");
    criteria::ProbeSpec spec;
    spec.params["case"] = "expired";
    spec.modes.protected_case = criteria::ProtectedCase::Expired;
    auto result = probes::make_sts_protected_probe()->run(criteria::Criterion{}, spec, setup.context);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("test_issuer_p12") != std::string::npos);
    CHECK(wsp.calls == 0);
  }
}
