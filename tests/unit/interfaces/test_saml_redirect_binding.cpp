// The SAML HTTP-Redirect binding (bindings §3.4): raw DEFLATE with a cap, and the query signature.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include <openssl/evp.h>

#include "crypto/xml/encoding.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/saml_slo_probe.hpp"
#include "interfaces/saml/logout.hpp"
#include "interfaces/saml/raw_deflate.hpp"
#include "interfaces/saml/redirect_binding.hpp"
#include "stub_context.hpp"
#include "tests/unit/support/test_certs.hpp"
#include "util/base64.hpp"

using namespace klarmeld;

namespace {

const crypto::Identity& redirect_sp() {
  static crypto::Identity identity = testing::make_identity("vendor sp");
  return identity;
}

const crypto::Identity& stranger() {
  static crypto::Identity identity = testing::make_identity("not the vendor");
  return identity;
}

std::vector<crypto::X509Ptr> sp_certificates() {
  std::vector<crypto::X509Ptr> certificates;
  certificates.emplace_back(X509_dup(redirect_sp().certificate.get()));
  return certificates;
}

const std::string destination = "https://ch.example/runtime/saml2/signoff.idp";
const std::string response_xml =
    "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r1\" "
    "InResponseTo=\"_q1\"/>";

std::string signed_url(const crypto::Identity& signer = redirect_sp(), const std::string& relay_state = "klarmeld") {
  auto url = saml::redirect_binding_url(destination, "SAMLResponse", response_xml, relay_state, &signer);
  REQUIRE(url.ok());
  return *url;
}

std::string parameter(const std::string& url, const std::string& name) {
  size_t start = url.find(name + "=");
  REQUIRE(start != std::string::npos);
  size_t end = url.find('&', start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// An independent RSA-SHA256 signer over whatever octets a test chooses.
std::string sign(const std::string& octets) {
  crypto::EvpMdCtxPtr context(EVP_MD_CTX_new());
  size_t length = 0;
  REQUIRE(EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, redirect_sp().key.get()) == 1);
  REQUIRE(EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(octets.data()),
                         octets.size()) == 1);
  std::string signature(length, '\0');
  REQUIRE(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                         reinterpret_cast<const unsigned char*>(octets.data()), octets.size()) == 1);
  signature.resize(length);
  return signature;
}

std::string url_encode_base64(std::string text) {
  std::string out;
  for (char c : text) {
    out += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
  }
  return out;
}

// The saml.slo probe against an SP played by a function: metadata (optional) and the SLO answer.
class FakeSp final : public http::Client {
public:
  bool serve_metadata = true;
  std::function<std::string(const std::string& request_id)> location; // the 302's Location
  Result<http::Response> perform(const http::Request& request) override {
    http::Response response;
    if (request.method == "GET") {
      response.status = serve_metadata ? 200 : 404;
      response.body = metadata();
      return response;
    }
    std::string form = request.body.substr(request.body.find('=') + 1);
    auto xml = saml::saml_message_from_post_binding("SAMLRequest=" + form.substr(0, form.find('&')), "SAMLRequest");
    REQUIRE(xml.ok());
    auto logout = saml::read_logout_message(*xml, {});
    REQUIRE(logout.ok());
    response.status = 302;
    response.headers = {{"Location", location(logout->id)}};
    return response;
  }
  static std::string metadata() {
    return std::string("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                       "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"https://saml.vendor.test\">"
                       "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                       "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>") +
           crypto::to_base64_der(redirect_sp().certificate.get()) +
           "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
           "<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
           "Location=\"https://vendor.test/saml/slo\"/></md:SPSSODescriptor></md:EntityDescriptor>";
  }
};

std::string logout_response(const std::string& in_response_to, const std::string& to = destination) {
  return "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
         "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r2\" Version=\"2.0\" "
         "IssueInstant=\"2026-01-01T00:00:00Z\" Destination=\"" +
         to + "\" InResponseTo=\"" + in_response_to +
         "\"><saml:Issuer>https://saml.vendor.test</saml:Issuer><samlp:Status><samlp:StatusCode "
         "Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status></samlp:LogoutResponse>";
}

std::string redirect_to(const std::string& xml) {
  auto url = saml::redirect_binding_url(destination, "SAMLResponse", xml, "klarmeld", &redirect_sp());
  REQUIRE(url.ok());
  return *url;
}

probes::ProbeResult run_slo(FakeSp& sp_client) {
  testing::NoTokens no_tokens;
  testing::StubContext context(sp_client, "SF1515", no_tokens, &stranger());
  profile::InterfaceEndpoint endpoint;
  endpoint.url = "https://vendor.test/saml/slo";
  endpoint.options["metadata_url"] = "https://vendor.test/saml/metadata";
  endpoint.options["slo_url"] = "https://vendor.test/saml/slo"; // also when no metadata is served
  // A session named by hand: these tests judge the LogoutResponse alone (no saml.sso login first).
  endpoint.options["name_id"] = "klarmeld-slo-probe";
  context.editable_profile().environment.interfaces["SF1515"] = endpoint;
  return probes::make_saml_slo_probe()->run(criteria::Criterion{}, criteria::ProbeSpec{}, context);
}

} // namespace

TEST_SUITE("saml::raw_deflate") {
  TEST_CASE("inflate reverses deflate") {
    std::string text = response_xml + std::string(5000, ' ') + "æøå";
    std::string deflated = saml::deflate_raw(text);
    CHECK(deflated.size() < text.size());
    auto inflated = saml::inflate_raw(deflated, "test");
    REQUIRE(inflated.ok());
    CHECK(*inflated == text);
    auto empty = saml::inflate_raw(saml::deflate_raw(""), "test");
    REQUIRE(empty.ok());
    CHECK(empty->empty());
  }

  TEST_CASE("a deflate bomb stops at the cap with a clear error") {
    // 1 MiB of one byte deflates to about a kilobyte.
    std::string bomb = saml::deflate_raw(std::string(size_t{1} << 20, 'A'));
    CHECK(bomb.size() < 4096);
    auto capped = saml::inflate_raw(bomb, "SAMLResponse", 64 * 1024);
    REQUIRE(!capped.ok());
    CHECK(capped.error().code == "saml.too-large");
    CHECK(capped.error().message == "SAMLResponse inflates beyond the limit of 65536 bytes");
    auto exact = saml::inflate_raw(saml::deflate_raw(std::string(65536, 'A')), "SAMLResponse", 65536);
    CHECK(exact.ok());
  }

  TEST_CASE("the default cap is the response cap: 16 MiB") {
    CHECK(saml::default_max_inflated_bytes == size_t{16} << 20);
    std::string bomb = saml::deflate_raw(std::string((size_t{16} << 20) + 1, '\0'));
    auto capped = saml::inflate_raw(bomb, "SAMLResponse");
    REQUIRE(!capped.ok());
    CHECK(capped.error().code == "saml.too-large");
  }

  TEST_CASE("corrupt, truncated or trailing data is refused") {
    std::string deflated = saml::deflate_raw(response_xml);
    auto truncated = saml::inflate_raw(deflated.substr(0, deflated.size() / 2), "SAMLResponse");
    REQUIRE(!truncated.ok());
    CHECK(truncated.error().code == "saml.deflate");
    CHECK(truncated.error().message.find("truncated") != std::string::npos);
    // 0xff: block type 3, which DEFLATE reserves.
    auto garbage = saml::inflate_raw(std::string("\xff\xff\xff\xff", 4), "SAMLResponse");
    REQUIRE(!garbage.ok());
    CHECK(garbage.error().code == "saml.deflate");
    CHECK(garbage.error().message.find("SAMLResponse is not valid raw DEFLATE") == 0);
    auto trailing = saml::inflate_raw(deflated + "xyz", "SAMLResponse");
    REQUIRE(!trailing.ok());
    CHECK(trailing.error().message == "SAMLResponse has 3 bytes after the end of its DEFLATE stream");
    auto empty = saml::inflate_raw("", "SAMLResponse");
    CHECK(!empty.ok());
  }
}

TEST_SUITE("saml::redirect_binding") {
  TEST_CASE("a signed Redirect URL reads back and verifies with the SP certificate") {
    std::string url = signed_url();
    CHECK(url.rfind(destination + "?SAMLResponse=", 0) == 0);
    auto message = saml::read_redirect_binding(url, "SAMLResponse");
    REQUIRE_MESSAGE(message.ok(), (message.ok() ? "" : message.error().message));
    CHECK(message->destination == destination);
    CHECK(message->xml == response_xml);
    CHECK(message->relay_state == "klarmeld");
    CHECK(message->sig_alg == saml::sig_alg_rsa_sha256);
    CHECK(message->signed_octets == url.substr(url.find('?') + 1, url.find("&Signature=") - url.find('?') - 1));
    const auto certificates = sp_certificates();
    auto signer = saml::verify_redirect_signature(*message, certificates);
    REQUIRE(signer.ok());
    CHECK(*signer == certificates.front().get());
  }

  TEST_CASE("the signed octets are the values as encoded in the URL, in the binding's order") {
    // Parameters in another order in the URL still verify: the octets are rebuilt in §3.4.4.1 order
    // from the raw (still encoded) values.
    std::string url = signed_url();
    std::string reordered = destination + "?" + parameter(url, "Signature") + "&" + parameter(url, "SigAlg") + "&" +
                            parameter(url, "RelayState") + "&other=1&" + parameter(url, "SAMLResponse");
    auto message = saml::read_redirect_binding(reordered, "SAMLResponse");
    REQUIRE(message.ok());
    CHECK(saml::verify_redirect_signature(*message, sp_certificates()).ok());
  }

  TEST_CASE("a signature over the parameters in another order does not verify") {
    std::string url = signed_url();
    std::string saml_response = parameter(url, "SAMLResponse");
    std::string relay_state = parameter(url, "RelayState");
    std::string sig_alg = parameter(url, "SigAlg");
    std::string wrong_order = sig_alg + "&" + relay_state + "&" + saml_response;
    std::string forged = destination + "?" + saml_response + "&" + relay_state + "&" + sig_alg +
                         "&Signature=" + url_encode_base64(klarmeld::base64_encode(sign(wrong_order)));
    auto message = saml::read_redirect_binding(forged, "SAMLResponse");
    REQUIRE(message.ok());
    auto verified = saml::verify_redirect_signature(*message, sp_certificates());
    REQUIRE(!verified.ok());
    CHECK(verified.error().code == "saml.signature-invalid");
    // The same signer over the right order verifies: only the order was wrong.
    std::string right =
        destination + "?" + saml_response + "&" + relay_state + "&" + sig_alg + "&Signature=" +
        url_encode_base64(klarmeld::base64_encode(sign(saml_response + "&" + relay_state + "&" + sig_alg)));
    CHECK(saml::verify_redirect_signature(*saml::read_redirect_binding(right, "SAMLResponse"), sp_certificates()).ok());
  }

  TEST_CASE("a bad or re-encoded signature, another signer or a tampered value is refused") {
    std::string url = signed_url();
    SUBCASE("signature bytes changed") {
      // The value may start with %-escapes ('+' or '/' of a fresh key's signature); changing one would
      // make the value undecodable instead of wrong, so change the first plain letter or digit.
      size_t at = url.find("&Signature=") + 11;
      while (url[at] == '%') {
        at += 3;
      }
      url[at] = url[at] == 'A' ? 'B' : 'A';
    }
    SUBCASE("RelayState changed") {
      url.replace(url.find("RelayState=klarmeld"), 19, "RelayState=klarmelx");
    }
    SUBCASE("a value re-encoded differently (lowercase %-escapes): same meaning, other octets") {
      url.replace(url.find("SigAlg=http%3A"), 14, "SigAlg=http%3a");
    }
    SUBCASE("signed by another key") {
      url = signed_url(stranger());
    }
    auto message = saml::read_redirect_binding(url, "SAMLResponse");
    REQUIRE(message.ok());
    auto verified = saml::verify_redirect_signature(*message, sp_certificates());
    REQUIRE(!verified.ok());
    CHECK(verified.error().code == "saml.signature-invalid");
    CHECK(verified.error().message ==
          "the HTTP-Redirect signature over SAMLResponse does not verify with the SP metadata's signing certificate");
  }

  TEST_CASE("SHA-1, unknown algorithms and a missing signature are refused with their reason") {
    std::string url = signed_url();
    std::string sha1 = url;
    sha1.replace(sha1.find("SigAlg=") + 7, sha1.find('&', sha1.find("SigAlg=")) - sha1.find("SigAlg=") - 7,
                 "http%3A%2F%2Fwww.w3.org%2F2000%2F09%2Fxmldsig%23rsa-sha1");
    auto weak = saml::verify_redirect_signature(*saml::read_redirect_binding(sha1, "SAMLResponse"), sp_certificates());
    REQUIRE(!weak.ok());
    CHECK(weak.error().code == "saml.weak-algorithm");
    CHECK(weak.error().message == "SigAlg http://www.w3.org/2000/09/xmldsig#rsa-sha1 uses SHA-1, which is not "
                                  "accepted (RSA-SHA256 is required)");
    std::string other = url;
    other.replace(other.find("rsa-sha256"), 10, "rsa-sha512");
    auto unsupported =
        saml::verify_redirect_signature(*saml::read_redirect_binding(other, "SAMLResponse"), sp_certificates());
    REQUIRE(!unsupported.ok());
    CHECK(unsupported.error().code == "saml.unsupported-algorithm");
    auto unsigned_url = saml::redirect_binding_url(destination, "SAMLResponse", response_xml, "", nullptr);
    REQUIRE(unsigned_url.ok());
    CHECK(unsigned_url->find("SigAlg") == std::string::npos);
    auto bare = saml::read_redirect_binding(*unsigned_url, "SAMLResponse");
    REQUIRE(bare.ok());
    CHECK(bare->xml == response_xml);
    auto missing = saml::verify_redirect_signature(*bare, sp_certificates());
    REQUIRE(!missing.ok());
    CHECK(missing.error().code == "saml.signature-missing");
  }

  TEST_CASE("malformed Redirect URLs are refused with a precise reason") {
    auto reason = [](const std::string& url) {
      auto message = saml::read_redirect_binding(url, "SAMLResponse");
      REQUIRE(!message.ok());
      return message.error().code + ": " + message.error().message;
    };
    CHECK(reason(destination) == "saml.binding: HTTP-Redirect binding: the URL has no query");
    CHECK(reason(destination + "?SAMLRequest=abc") ==
          "saml.binding: HTTP-Redirect binding: the URL has no SAMLResponse parameter");
    CHECK(reason(destination + "?SAMLResponse=%%%") ==
          "saml.binding: HTTP-Redirect binding: bad %-encoding in SAMLResponse at offset 0");
    CHECK(reason(destination + "?SAMLResponse=!!!notbase64") ==
          "saml.binding: HTTP-Redirect binding: SAMLResponse is not valid base64");
    CHECK(reason(destination + "?SAMLResponse=" + url_encode_base64(klarmeld::base64_encode("plain text")))
              .rfind("saml.deflate: SAMLResponse (HTTP-Redirect) is not valid raw DEFLATE: ", 0) == 0);
    std::string url = signed_url();
    CHECK(reason(url + "&" + parameter(url, "SigAlg")) ==
          "saml.binding: HTTP-Redirect binding: the parameter SigAlg appears twice");
    std::string bomb =
        destination + "?SAMLResponse=" +
        url_encode_base64(klarmeld::base64_encode(saml::deflate_raw(std::string(size_t{17} << 20, ' '))));
    CHECK(reason(bomb) == "saml.too-large: SAMLResponse (HTTP-Redirect) inflates beyond the limit of 16777216 bytes");
  }

  TEST_CASE("a LogoutResponse signed by the binding is read without an XML signature") {
    saml::LogoutVerifyPolicy policy;
    auto unsigned_xml = saml::read_logout_message(response_xml, policy);
    CHECK(!unsigned_xml.ok());
    policy.signed_by_binding = true;
    auto message = saml::read_logout_message(response_xml, policy);
    REQUIRE(message.ok());
    CHECK(message->in_response_to == "_q1");
    CHECK(!message->signer_trusted);
  }
}

TEST_SUITE("probes::saml.slo HTTP-Redirect") {
  TEST_CASE("a signed Redirect answer for our request is Ja, judged like the other bindings") {
    FakeSp client;
    client.location = [](const std::string& id) { return redirect_to(logout_response(id)); };
    auto result = run_slo(client);
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(result.reason.rfind("LogoutResponse signed by the HTTP-Redirect binding (RSA-SHA256) with status Success",
                              0) == 0);
    CHECK(result.warnings.empty());
    client.location = [](const std::string&) { return redirect_to(logout_response("_someone_else")); };
    auto wrong = run_slo(client);
    CHECK(wrong.verdict == Verdict::Nej);
    CHECK(wrong.reason.rfind("InResponseTo is \"_someone_else\"", 0) == 0);
  }

  TEST_CASE("the Destination must be where the Redirect goes") {
    FakeSp client;
    client.location = [](const std::string& id) {
      return redirect_to(logout_response(id, "https://elsewhere.example/slo"));
    };
    auto result = run_slo(client);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason ==
          "Destination is \"https://elsewhere.example/slo\" but the HTTP-Redirect goes to \"" + destination + "\"");
  }

  TEST_CASE("without SP metadata the Redirect signature cannot be checked: Ikke testet") {
    FakeSp client;
    client.serve_metadata = false;
    client.location = [](const std::string& id) { return redirect_to(logout_response(id)); };
    auto result = run_slo(client);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.rfind("the SP answered by the HTTP-Redirect binding, whose signature only a signing "
                              "certificate from the SP metadata can check, and none was read",
                              0) == 0);
  }

  TEST_CASE("a DEFLATE bomb and a SHA-1 signature are Nej with their reason") {
    FakeSp client;
    client.location = [](const std::string&) {
      return destination + "?SAMLResponse=" +
             url_encode_base64(klarmeld::base64_encode(saml::deflate_raw(std::string(size_t{20} << 20, 'A'))));
    };
    auto bomb = run_slo(client);
    CHECK(bomb.verdict == Verdict::Nej);
    CHECK(bomb.reason == "the HTTP-Redirect answer was refused: SAMLResponse (HTTP-Redirect) inflates beyond the "
                         "limit of 16777216 bytes");
    client.location = [](const std::string& id) {
      std::string url = redirect_to(logout_response(id));
      return url.replace(url.find("rsa-sha256"), 10, "rsa-sha1");
    };
    auto weak = run_slo(client);
    CHECK(weak.verdict == Verdict::Nej);
    CHECK(weak.reason == "the LogoutResponse was refused: SigAlg http://www.w3.org/2001/04/xmldsig-more#rsa-sha1 uses "
                         "SHA-1, which is not accepted (RSA-SHA256 is required)");
  }
}
