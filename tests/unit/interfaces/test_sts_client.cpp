#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/sts/sts_client.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "interfaces/wssec/ws_trust.hpp"
#include "tests/unit/support/test_certs.hpp"
#include "util/base64.hpp"
#include "util/json.hpp"

using namespace klarmeld;
using namespace klarmeld::crypto::xml;

namespace {

const char* const issuer = kombit::sts_issuer;
const char* const entity_id = kombit::organisation_entity_id;

struct StsClientParties {
  crypto::Identity sts = testing::make_identity("test-ekstern-adgangsstyring (funktionscertifikat)");
  crypto::Identity system = testing::make_identity(testing::CertificateSpec{"Sagsbehandler Pro", "12345674"});
  std::vector<crypto::X509Ptr> trusted;
  StsClientParties() { trusted.emplace_back(X509_dup(sts.certificate.get())); }
};

StsClientParties& sts_client_parties() {
  static StsClientParties instance;
  return instance;
}

// An in-memory HTTP client playing KOMBIT's STS with klarmeld's own library (the fixture does the
// same over real TLS). `audience_override` lets a test make the STS misbehave.
class FakeSts final : public http::Client {
public:
  std::string audience_override;
  std::string token_answer = R"({"access_token":"abc123","token_type":"Holder-of-key","expires_in":28800})";
  const crypto::Identity* signer = nullptr;           // signs the RSTR message; the real STS when null
  const crypto::Identity* assertion_signer = nullptr; // signs the assertion; `signer` when null
  http::Request last_request;

  Result<http::Response> perform(const http::Request& request) override {
    last_request = request;
    http::Response response;
    response.status = 200;
    if (request.url.find("/token") != std::string::npos) {
      response.body = token_answer;
      return response;
    }
    if (request.url.find("/rest/") != std::string::npos) {
      auto rst = parse_json(request.body, "RST");
      REQUIRE(rst.ok());
      auto assertion = issue(string_at(*rst, "/AnvenderKontekst/Cvr"));
      response.body = "{\"RequestedSecurityToken\":{\"Assertion\":\"" + base64_encode(assertion) +
                      "\"},\"Lifetime\":\"01/01/2030 00:00:00\"}";
      return response;
    }
    auto doc = parse_untrusted_xml(request.body, "RST");
    REQUIRE(doc.ok());
    wssec::VerifyPolicy policy;
    policy.required_signed_headers = wssec::rst_required_signed_headers();
    auto verified = wssec::verify_soap_envelope(doc->get(), policy);
    if (!verified) {
      response.status = 500;
      response.body = soap::build_soap12_fault("Sender", "InvalidSecurity", verified.error().message);
      return response;
    }
    auto rst = wssec::read_rst(*verified);
    REQUIRE(rst.ok());
    std::string assertion = issue(rst->cvr);
    auto assertion_doc = parse_untrusted_xml(assertion, "assertion");
    REQUIRE(assertion_doc.ok());
    wssec::RstrSpec spec;
    spec.assertion_xml = assertion;
    spec.assertion_id = attribute(xmlDocGetRootElement(assertion_doc->get()), "ID");
    spec.entity_id = rst->entity_id;
    spec.relates_to = rst->message_id;
    spec.created = Clock::now();
    spec.expires = spec.created + std::chrono::hours(8);
    auto rstr = wssec::build_signed_rstr(spec, signer != nullptr ? *signer : sts_client_parties().sts);
    REQUIRE(rstr.ok());
    response.body = rstr->xml;
    return response;
  }

private:
  std::string issue(const std::string& cvr) {
    saml::AssertionSpec spec;
    spec.issuer = issuer;
    spec.holder_certificate = sts_client_parties().system.certificate.get();
    spec.audience = audience_override.empty() ? entity_id : audience_override;
    spec.cvr = cvr;
    const crypto::Identity* by = assertion_signer != nullptr ? assertion_signer : signer;
    auto xml = saml::issue_assertion(spec, by != nullptr ? *by : sts_client_parties().sts);
    REQUIRE(xml.ok());
    return *xml;
  }
};

// Changes the STS's answer on its way back (an attacker between STS and client, or a broken proxy).
class ResponseRewriter final : public http::Client {
public:
  ResponseRewriter(http::Client& inner, std::function<void(std::string&)> rewrite)
      : m_inner(inner), m_rewrite(std::move(rewrite)) {}
  Result<http::Response> perform(const http::Request& request) override {
    auto response = m_inner.perform(request);
    if (response) {
      m_rewrite(response->body);
    }
    return response;
  }

private:
  http::Client& m_inner;
  std::function<void(std::string&)> m_rewrite;
};

sts::StsRequest request(const std::string& url) {
  sts::StsRequest request;
  request.sts_url = url;
  request.entity_id = entity_id;
  request.cvr = "55133018";
  request.expected_issuer = issuer;
  request.sts_certificates = &sts_client_parties().trusted;
  return request;
}

// The error code request_token gives when "other sts" signs the whole answer or only the assertion.
std::string refusal_signed_by_other(bool whole_answer) {
  FakeSts sts;
  crypto::Identity other = testing::make_identity("other sts");
  (whole_answer ? sts.signer : sts.assertion_signer) = &other;
  auto token = sts::request_token(sts, sts_client_parties().system, request("https://sts.test/certificatemixed"));
  REQUIRE_FALSE(token.ok());
  return token.error().code;
}

} // namespace

TEST_SUITE("sts::client") {
  TEST_CASE("SOAP: a signed RST is accepted by the STS and the validated token comes back") {
    FakeSts sts;
    sts::StsExchange exchange;
    auto token =
        sts::request_token(sts, sts_client_parties().system, request("https://sts.test/certificatemixed"), &exchange);
    REQUIRE_MESSAGE(token.ok(), (token.ok() ? "" : token.error().message));
    CHECK(token->entity_id == entity_id);
    CHECK(token->cvr == "55133018");
    CHECK(token->not_on_or_after - token->not_before == std::chrono::hours(8));
    CHECK(token->assertion_xml.find(token->assertion_id) != std::string::npos);
    CHECK(exchange.http_status == 200);
    CHECK(sts.last_request.client_certificate);
    bool soap_action = false;
    for (const auto& [name, value] : sts.last_request.headers) {
      // The wire spelling on purpose: SOAP 1.2 carries the action in the Content-Type (RFC 3902).
      soap_action = soap_action || (name == "Content-Type" &&
                                    value == "application/soap+xml; charset=utf-8; "
                                             "action=\"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\"");
    }
    CHECK(soap_action);
  }
  TEST_CASE("SOAP: a token for the wrong audience is refused, not handed out") {
    FakeSts sts;
    sts.audience_override = kombit::klassifikation_entity_id;
    auto token = sts::request_token(sts, sts_client_parties().system, request("https://sts.test/certificatemixed"));
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == "saml.audience");
  }
  TEST_CASE("SOAP: a token signed by an untrusted STS is refused") {
    // The answer's message signature is the trusted STS's (defect 7 checks it first); only the
    // assertion is signed by another key.
    CHECK(refusal_signed_by_other(false) == "saml.untrusted-signer");
  }
  TEST_CASE("SOAP: the STS refusing the RST surfaces the fault") {
    FakeSts sts;
    crypto::Identity stranger = testing::make_identity("stranger");
    // Signed by a key whose certificate is not in the BST: the fake STS answers a SOAP fault.
    class Tampering final : public http::Client {
    public:
      explicit Tampering(http::Client& inner) : m_inner(inner) {}
      Result<http::Response> perform(const http::Request& request) override {
        http::Request changed = request;
        changed.body.replace(changed.body.find("55133018"), 8, "29189919");
        return m_inner.perform(changed);
      }

    private:
      http::Client& m_inner;
    } tampering(sts);
    auto token =
        sts::request_token(tampering, sts_client_parties().system, request("https://sts.test/certificatemixed"));
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == "sts.fault");
    CHECK(token.error().message.find("InvalidSecurity") != std::string::npos);
  }
  // Issue #15, defect 7: KOMBIT's STS signs Body, Action, RelatesTo and Timestamp of its answer
  // (tokenservice_oioidws-net "Misc/SOAP examples/OioWsTrust/Examples generated by
  // Digst.OioIdws.Wsc/Response.xml"); wst:Lifetime sits in the signed Body but outside the assertion.
  TEST_CASE("SOAP: an RSTR whose Lifetime was changed after the STS signed it is refused") {
    FakeSts sts;
    ResponseRewriter rewriter(sts, [](std::string& body) {
      auto at = body.find("<wst:Lifetime><wsu:Created>");
      REQUIRE(at != std::string::npos);
      auto expires = body.find("<wsu:Expires>", at) + 13;
      body.replace(expires, 4, "2099"); // the year of the Lifetime's Expires
    });
    auto token =
        sts::request_token(rewriter, sts_client_parties().system, request("https://sts.test/certificatemixed"));
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == "sts.rstr-signature");
  }
  TEST_CASE("SOAP: an RSTR without the STS's message signature is refused, though its assertion is valid") {
    FakeSts sts;
    ResponseRewriter rewriter(sts, [](std::string& body) {
      auto security = body.find("<wsse:Security");
      auto from = body.find("<ds:Signature", security);
      auto to = body.find("</ds:Signature>", from) + 15;
      REQUIRE(from < body.find("</wsse:Security>"));
      body.erase(from, to - from);
    });
    auto token =
        sts::request_token(rewriter, sts_client_parties().system, request("https://sts.test/certificatemixed"));
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().code == "sts.rstr-unsigned");
  }
  TEST_CASE("SOAP: an RSTR signed by a key other than the configured STS certificate is refused") {
    // Both signatures by "other sts"; the profile trusts only the real STS: the message signature
    // fails first, before the assertion is looked at.
    CHECK(refusal_signed_by_other(true) == "sts.rstr-signature");
  }
  TEST_CASE("an unreachable STS is named once in the error, whoever named it first") {
    // The HTTP client names the URL of a transport error (http/curl_errors.cpp); a client that does
    // not still gets it named.
    class Unreachable final : public http::Client {
    public:
      explicit Unreachable(bool names_url) : m_names_url(names_url) {}
      Result<http::Response> perform(const http::Request& request) override {
        return runtime_error("http.connect",
                             (m_names_url ? request.url + ": " : std::string()) + "Couldn't connect to server");
      }

    private:
      bool m_names_url;
    };
    const std::string url = "https://sts.test/certificatemixed";
    for (bool names_url : {true, false}) {
      Unreachable client(names_url);
      auto token = sts::request_token(client, sts_client_parties().system, request(url));
      REQUIRE_FALSE(token);
      CHECK(token.error().code == "http.connect");
      CHECK(token.error().message == url + ": Couldn't connect to server");
    }
  }

  TEST_CASE("SOAP: the kept token is the RSTR's own bytes of the assertion") {
    FakeSts sts;
    sts::StsExchange exchange;
    auto token =
        sts::request_token(sts, sts_client_parties().system, request("https://sts.test/certificatemixed"), &exchange);
    REQUIRE(token.ok());
    CHECK(exchange.response_body.find(token->assertion_xml) != std::string::npos);
  }
  TEST_CASE("REST: JSON WS-Trust request and base64 assertion answer") {
    FakeSts sts;
    auto token =
        sts::request_token_rest(sts, sts_client_parties().system, request("https://sts.test/rest/wstrust/v1/issue"));
    REQUIRE_MESSAGE(token.ok(), (token.ok() ? "" : token.error().message));
    CHECK(sts.last_request.body.find("\"AnvenderKontekst\":{\"Cvr\":\"55133018\"}") != std::string::npos);
    CHECK(token->cvr == "55133018");
  }
  TEST_CASE("token exchange: form saml-token → access_token") {
    FakeSts sts;
    auto token = sts::request_token(sts, sts_client_parties().system, request("https://sts.test/certificatemixed"));
    REQUIRE(token.ok());
    sts::StsExchange exchange;
    auto access = sts::exchange_token(sts, *token, "https://sp.test/service/AccessTokenService_1/token", &exchange);
    REQUIRE(access.ok());
    CHECK(access->access_token == "abc123");
    CHECK(access->token_type == "Holder-of-key");
    CHECK(access->expires_in == std::chrono::hours(8));
    CHECK(sts.last_request.body.rfind("saml-token=", 0) == 0);
    CHECK(exchange.request_body.find(token->assertion_xml) == std::string::npos);
  }
}

TEST_SUITE("sts::json_fields") {
  // The AccessTokenService answer is read field by field: escapes decode, a quoted number counts, a
  // field in a wrapper object is found, an absent one is empty.
  TEST_CASE("strings with escapes, numbers, absent keys") {
    FakeSts sts;
    auto token = sts::request_token(sts, sts_client_parties().system, request("https://sts.test/certificatemixed"));
    REQUIRE(token.ok());
    sts.token_answer = R"({"wrapper": {"access_token" : "x\"y\u00e6"}, "expires_in": "7"})";
    auto access = sts::exchange_token(sts, *token, "https://sp.test/service/AccessTokenService_1/token");
    REQUIRE(access.ok());
    CHECK(access->access_token == "x\"y\xc3\xa6");
    CHECK(access->expires_in == std::chrono::seconds(7));
    CHECK(access->token_type.empty());
    sts.token_answer = R"({"access_token": "t", "expires_in": 42})";
    CHECK(sts::exchange_token(sts, *token, "https://sp.test/service/AccessTokenService_1/token")->expires_in ==
          std::chrono::seconds(42));
    sts.token_answer = R"({"access_token": )";
    auto malformed = sts::exchange_token(sts, *token, "https://sp.test/service/AccessTokenService_1/token");
    REQUIRE_FALSE(malformed.ok());
    CHECK(malformed.error().message.find("not valid JSON") != std::string::npos);
  }
}
