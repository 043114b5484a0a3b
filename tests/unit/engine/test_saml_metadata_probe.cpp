#include <doctest/doctest.h>

#include "engine_test_model.hpp"
#include "fake_probe_context.hpp"
#include "interfaces/probes/saml_metadata_probe.hpp"
#include "interfaces/saml/metadata_checks.hpp"
#include "interfaces/saml/sp_metadata.hpp"
#include "test_http_support.hpp"

using namespace klarmeld;

namespace {

std::string base64_der(const crypto::Identity& identity) {
  return crypto::to_base64_der(identity.certificate.get());
}

struct MetadataParts {
  std::string entity_id = "https://saml.sagsbehandler.example.dk";
  std::string authn_signed = "true";
  std::string signing_cert;
  std::string encryption_cert;
  std::string acs = "https://sagsbehandler.example.dk/saml/acs";
  bool slo = true;
  std::string prolog;

  std::string xml() const {
    std::string text = prolog +
                       R"(<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" )"
                       R"(xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=")" +
                       entity_id + R"(">
  <md:SPSSODescriptor AuthnRequestsSigned=")" +
                       authn_signed + R"(" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>)" +
                       signing_cert + R"(</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>)" +
                       encryption_cert + R"(</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
)";
    if (slo) {
      text += R"(    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" )"
              R"(Location="https://sagsbehandler.example.dk/saml/slo"/>
)";
    }
    text += R"(    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location=")" +
            acs + R"(" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>)";
    return text;
  }
};

struct MetadataScenario {
  test::TestPki pki = test::TestPki::generate();
  crypto::Identity signing = test::make_identity(test::named("sagsbehandler signing"), &pki.ca);
  MetadataParts parts;
  MetadataScenario() { parts.signing_cert = parts.encryption_cert = base64_der(signing); }

  probes::MetadataFindings check() const {
    return probes::check_sp_metadata(parts.xml(), test::anchors_of(pki.ca), {}, Clock::now());
  }
};

std::string lines_joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) {
    text += item + "\n";
  }
  return text;
}

} // namespace

TEST_SUITE("probes::saml.metadata") {
  TEST_CASE("conforming metadata has no problems") {
    MetadataScenario scenario;
    auto findings = scenario.check();
    CHECK_MESSAGE(findings.problems.empty(), lines_joined(findings.problems));
    CHECK(findings.warnings.empty());
  }

  TEST_CASE("each requirement is its own finding") {
    MetadataScenario scenario;
    SUBCASE("entityID without https://saml. is a warning, not a problem") {
      // Changed from a problem (Nej): no KOMBIT text found says an SP entityID must start with
      // https://saml.; ITfoxtec/FoxIDs docs/howto-saml-2.0-context-handler.md says "can optionally".
      scenario.parts.entity_id = "https://sagsbehandler.example.dk";
      auto findings = scenario.check();
      CHECK_MESSAGE(findings.problems.empty(), lines_joined(findings.problems));
      CHECK(lines_joined(findings.warnings).find("does not start with https://saml.") != std::string::npos);
      bool fact_found = false;
      for (const auto& [key, value] : findings.facts) {
        fact_found = fact_found || (key == "entity_id_https_saml_prefix" && value == "no");
      }
      CHECK(fact_found);
    }
    SUBCASE("unsigned AuthnRequests") {
      scenario.parts.authn_signed = "false";
      CHECK(lines_joined(scenario.check().problems).find("AuthnRequestsSigned") != std::string::npos);
    }
    SUBCASE("ACS over plain HTTP") {
      scenario.parts.acs = "http://sagsbehandler.example.dk/saml/acs";
      CHECK(lines_joined(scenario.check().problems).find("not HTTPS") != std::string::npos);
    }
    SUBCASE("no SLO") {
      scenario.parts.slo = false;
      CHECK(lines_joined(scenario.check().problems).find("no SingleLogoutService") != std::string::npos);
    }
    SUBCASE("self-signed encryption certificate") {
      auto self_signed = test::make_identity(test::named("self"), nullptr);
      scenario.parts.encryption_cert = base64_der(self_signed);
      CHECK(lines_joined(scenario.check().problems).find("encryption certificate is self-signed") != std::string::npos);
    }
    SUBCASE("certificate from another CA") {
      auto other = test::TestPki::generate();
      scenario.parts.signing_cert = base64_der(other.client);
      CHECK(lines_joined(scenario.check().problems).find("signing certificate does not chain") != std::string::npos);
    }
    SUBCASE("expired certificate") {
      auto request = test::named("old signing");
      request.valid_from_days = -400;
      request.valid_to_days = -5;
      scenario.parts.signing_cert = base64_der(test::make_identity(request, &scenario.pki.ca));
      CHECK(lines_joined(scenario.check().problems).find("signing certificate expired") != std::string::npos);
    }
    SUBCASE("certificate expiring soon is a warning") {
      auto request = test::named("soon signing");
      request.valid_to_days = 7;
      scenario.parts.signing_cert = base64_der(test::make_identity(request, &scenario.pki.ca));
      auto findings = scenario.check();
      CHECK(findings.problems.empty());
      CHECK(lines_joined(findings.warnings).find("signing certificate expires in") != std::string::npos);
    }
    SUBCASE("DOCTYPE is refused") {
      scenario.parts.prolog = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
      CHECK(lines_joined(scenario.check().problems).find("DOCTYPE") != std::string::npos);
    }
  }

  TEST_CASE("the probe fetches the metadata and decides") {
    MetadataScenario scenario;
    test::RunningServer<httplib::Server> server;
    std::string body = scenario.parts.xml();
    server.server().Get("/saml/metadata", [&](const httplib::Request&, httplib::Response& response) {
      response.set_content(body, "application/samlmetadata+xml");
    });
    int port = server.start();
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1511"].url = test::local_url(port, "/saml/metadata");
    test::FakeProbeContext context(profile, test::interface_with("SF1511", {}), test::anchors_of(scenario.pki.ca),
                                   nullptr);
    auto criterion = test::probe_criterion("SF1511.1", 1, "saml.metadata");
    auto result = probes::make_saml_metadata_probe()->run(criterion, *criterion.probe, context);
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(result.http_status == 200);
    CHECK(result.response_sha256.size() == 64);

    scenario.parts.entity_id = "https://sagsbehandler.example.dk";
    body = scenario.parts.xml();
    auto warned = probes::make_saml_metadata_probe()->run(criterion, *criterion.probe, context);
    CHECK_MESSAGE(warned.verdict == Verdict::Ja, warned.reason);
    CHECK(warned.reason.find("warning: entityID") != std::string::npos);
    CHECK(lines_joined(warned.warnings).find("https://saml.") != std::string::npos);

    body = "<md:EntityDescriptor";
    auto broken = probes::make_saml_metadata_probe()->run(criterion, *criterion.probe, context);
    CHECK(broken.verdict == Verdict::Nej);
    CHECK(broken.reason.find("not well-formed") != std::string::npos);
  }
}

TEST_SUITE("probes::saml.metadata transport") {
  TEST_CASE("metadata behind an untrusted certificate is Nej") {
    auto pki = test::TestPki::generate();
    auto other = test::TestPki::generate();
    test::RunningServer<httplib::SSLServer> server(other.server.certificate.get(), other.server.key.get());
    server.server().Get("/saml/metadata", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("<x/>", "application/xml");
    });
    int port = server.start();
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1511"].url = test::local_url(port, "/saml/metadata", true);
    test::FakeProbeContext context(profile, test::interface_with("SF1511", {}), test::anchors_of(pki.ca), nullptr);
    auto criterion = test::probe_criterion("SF1511.1", 1, "saml.metadata");
    auto result = probes::make_saml_metadata_probe()->run(criterion, *criterion.probe, context);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason.find("metadata not served acceptably") != std::string::npos);
  }
}

// SP metadata as two real SPs write it, read by the schema types (issue #16). The shapes are
// reproduced from the generators, not copied: mod_auth_mellon's mellon_create_metadata.sh
// (UNINETT/mod_auth_mellon, mellon_create_metadata.sh: default md namespace, ds declared on KeyInfo,
// AuthnRequestsSigned="true") and Shibboleth SP 3.4's Metadata handler (shibboleth/cpp-sp,
// shibsp/handler/impl/MetadataGenerator.cpp: md: prefix, AuthnRequestsSigned="1", one KeyDescriptor
// without use, KeyName + X509SubjectName + a wrapped X509Certificate, several SLO/ACS bindings).
namespace {

std::string wrapped(const std::string& base64) {
  std::string text;
  for (size_t at = 0; at < base64.size(); at += 64) {
    text += base64.substr(at, 64) + "\n";
  }
  return text;
}

struct RealSp {
  test::TestPki pki = test::TestPki::generate();
  crypto::Identity key = test::make_identity(test::named("sp.example.dk"), &pki.ca);
  std::string certificate = crypto::to_base64_der(key.certificate.get());

  std::string mellon(const std::string& signed_flag = "true") const {
    return R"(<?xml version="1.0"?>
<EntityDescriptor entityID="https://saml.sp.example.dk/mellon/metadata" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
  <SPSSODescriptor AuthnRequestsSigned=")" +
           signed_flag +
           R"(" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>)" +
           certificate + R"(</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </KeyDescriptor>
    <KeyDescriptor use="encryption">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>)" +
           certificate + R"(</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </KeyDescriptor>
    <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.example.dk/mellon/logout"/>
    <AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.dk/mellon/postResponse" index="0"/>
  </SPSSODescriptor>
</EntityDescriptor>
)";
  }

  std::string shibboleth(const std::string& signed_flag = "1", const std::string& valid_until = "") const {
    std::string until = valid_until.empty() ? "" : " validUntil=\"" + valid_until + "\"";
    return R"(<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:alg="urn:oasis:names:tc:SAML:metadata:algsupport" ID="_a1b2c3")" +
           until + R"( entityID="https://saml.sp.example.dk/shibboleth">
  <md:Extensions>
    <alg:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
    <alg:SigningMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
  </md:Extensions>
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol urn:oasis:names:tc:SAML:1.1:protocol" AuthnRequestsSigned=")" +
           signed_flag + R"(">
    <md:Extensions>
      <init:RequestInitiator xmlns:init="urn:oasis:names:tc:SAML:profiles:SSO:request-init" Binding="urn:oasis:names:tc:SAML:profiles:SSO:request-init" Location="https://sp.example.dk/Shibboleth.sso/Login"/>
    </md:Extensions>
    <md:KeyDescriptor>
      <ds:KeyInfo>
        <ds:KeyName>sp.example.dk</ds:KeyName>
        <ds:X509Data>
          <ds:X509SubjectName>CN=sp.example.dk</ds:X509SubjectName>
          <ds:X509Certificate>
)" + wrapped(certificate) +
           R"(          </ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
      <md:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes128-gcm"/>
      <md:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
    </md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://sp.example.dk/Shibboleth.sso/SLO/SOAP"/>
    <md:SingleLogoutService Binding="
        urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect " Location=" https://sp.example.dk/Shibboleth.sso/SLO/Redirect"/>
    <md:AssertionConsumerService Binding=" urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.dk/Shibboleth.sso/SAML2/POST" index="1" isDefault=" 1 "/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST-SimpleSign" Location="https://sp.example.dk/Shibboleth.sso/SAML2/POST-SimpleSign" index="+2"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://sp.example.dk/Shibboleth.sso/SAML2/Artifact" index="3"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
)";
  }

  probes::MetadataFindings check(const std::string& xml) const {
    return probes::check_sp_metadata(xml, test::anchors_of(pki.ca), {}, Clock::now());
  }
};

} // namespace

TEST_SUITE("probes::saml.metadata as real SPs write it") {
  TEST_CASE("mod_auth_mellon metadata is conforming") {
    RealSp sp;
    auto findings = sp.check(sp.mellon());
    CHECK_MESSAGE(findings.problems.empty(), lines_joined(findings.problems));
  }

  TEST_CASE("Shibboleth SP metadata with AuthnRequestsSigned=\"1\" is conforming") {
    RealSp sp;
    auto findings = sp.check(sp.shibboleth());
    CHECK_MESSAGE(findings.problems.empty(), lines_joined(findings.problems));
    bool post_acs = false;
    bool redirect_slo = false;
    for (const auto& [key, value] : findings.facts) {
      post_acs = post_acs || (key == "acs_post" && value == "https://sp.example.dk/Shibboleth.sso/SAML2/POST");
      redirect_slo = redirect_slo || (key == "slo" && value == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect "
                                                               "https://sp.example.dk/Shibboleth.sso/SLO/Redirect");
    }
    CHECK(post_acs);
    CHECK(redirect_slo);
  }

  TEST_CASE("the SLO reader collapses anyURI attributes") {
    RealSp sp;
    auto metadata = saml::read_sp_metadata(sp.shibboleth());
    REQUIRE(metadata);
    const saml::SloEndpoint* redirect = metadata->slo_for(saml::binding_http_redirect);
    REQUIRE(redirect != nullptr);
    CHECK(redirect->location == "https://sp.example.dk/Shibboleth.sso/SLO/Redirect");
    CHECK(metadata->signing_certificates.size() == 1);
  }

  TEST_CASE("AuthnRequestsSigned false in either spelling, absent or misspelt is a problem") {
    RealSp sp;
    CHECK(lines_joined(sp.check(sp.shibboleth("0")).problems).find("AuthnRequestsSigned is not true") !=
          std::string::npos);
    CHECK(lines_joined(sp.check(sp.mellon("false")).problems).find("AuthnRequestsSigned is not true") !=
          std::string::npos);
    std::string absent = sp.mellon();
    absent.replace(absent.find("AuthnRequestsSigned=\"true\""), 26, "");
    CHECK(lines_joined(sp.check(absent).problems).find("AuthnRequestsSigned is not true") != std::string::npos);
    CHECK(lines_joined(sp.check(sp.mellon("yes")).problems).find("AuthnRequestsSigned is not an xs:boolean: 'yes'") !=
          std::string::npos);
  }

  TEST_CASE("typed attributes with values outside their type are problems") {
    RealSp sp;
    std::string xml = sp.shibboleth();
    xml.replace(xml.find("index=\"3\""), 9, "index=\"70000\"");
    xml.replace(xml.find("isDefault=\" 1 \""), 15, "isDefault=\"ja\"");
    std::string problems = lines_joined(sp.check(xml).problems);
    CHECK(problems.find("index is not an xs:unsignedShort: '70000'") != std::string::npos);
    CHECK(problems.find("isDefault is not an xs:boolean: 'ja'") != std::string::npos);
  }

  TEST_CASE("validUntil is an xs:dateTime and past metadata is a problem") {
    RealSp sp;
    CHECK(sp.check(sp.shibboleth("1", "2199-01-01T00:00:00Z")).problems.empty());
    CHECK(lines_joined(sp.check(sp.shibboleth("1", "2020-01-01T00:00:00Z")).problems).find("validUntil") !=
          std::string::npos);
    CHECK(lines_joined(sp.check(sp.shibboleth("1", "soon")).problems).find("not an xs:dateTime") != std::string::npos);
  }
}
