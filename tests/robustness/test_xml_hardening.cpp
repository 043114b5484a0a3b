// Hostile XML (issue 7), the cases the layer tests do not already cover: an XXE naming a real local
// file never yields its content through any parser entry point; the size and depth caps hold at their
// exact limits; the engine's response cap is configurable; and signature wrapping is refused by the
// assertion validator (exact error code, also with the genuine ID reused) and, end to end, by the
// fixture's WSP verifier as klarmeld's own sts.protected probe sees it.
#include <doctest/doctest.h>

#include <string>

#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "report/workbook_reader.hpp"
#include "robustness_support.hpp"

using namespace klarmeld;
using namespace klarmeld::robustness;

namespace {

// A line every /etc/passwd has; if it shows up anywhere, an external entity was resolved.
constexpr const char* passwd_marker = "root:x:0:0";

std::string xxe_document(const std::string& root) {
  return "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<" +
         root + ">&xxe;</" + root + ">";
}

std::string nested(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) {
    text += "<e>";
  }
  for (int i = 0; i < depth; ++i) {
    text += "</e>";
  }
  return text;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

struct AssertionParties {
  std::vector<crypto::X509Ptr> trusted;
  saml::AssertionSpec spec;
  saml::AssertionPolicy policy;
  AssertionParties() {
    const fixtures::TestPki& pki = shared_pki();
    trusted.emplace_back(X509_dup(pki.sts.certificate.get()));
    spec.issuer = kombit::sts_issuer;
    spec.holder_certificate = pki.vendor_system.certificate.get();
    spec.audience = kombit::organisation_entity_id;
    spec.issue_instant = Clock::now() - std::chrono::minutes(1);
    spec.cvr = "55133018";
    policy.trusted_signers = &trusted;
    policy.expected_issuer = spec.issuer;
    policy.audience = spec.audience;
    policy.cvr = spec.cvr;
    policy.holder_certificate = pki.vendor_system.certificate.get();
  }
};

} // namespace

TEST_SUITE("robustness::xml") {
  TEST_CASE("an external entity naming /etc/passwd is never resolved, through any entry point") {
    REQUIRE(contains(read_file("/etc/passwd"), passwd_marker)); // the marker is meaningful here
    SUBCASE("the hardened parser") {
      auto parsed = crypto::xml::parse_untrusted_xml(xxe_document("Envelope"), "xxe");
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().code == "xml.doctype");
      CHECK_FALSE(contains(parsed.error().render(), passwd_marker));
    }
    SUBCASE("assertion validation") {
      AssertionParties parties;
      auto validated = saml::validate_assertion(xxe_document("saml:Assertion"), parties.policy);
      REQUIRE_FALSE(validated.ok());
      CHECK_FALSE(contains(validated.error().render(), passwd_marker));
    }
    SUBCASE("the workbook reader, on a package part with an entity") {
      auto summary = report::read_readiness_workbook_bytes(xxe_document("workbook"), "xxe.xlsx");
      REQUIRE_FALSE(summary.ok());
      CHECK_FALSE(contains(summary.error().render(), passwd_marker));
    }
  }

  TEST_CASE("the size cap holds at its exact limit") {
    const std::string document = "<a>" + std::string(1000, 'x') + "</a>";
    CHECK(crypto::xml::parse_untrusted_xml(document, "exact", document.size()).ok());
    auto over = crypto::xml::parse_untrusted_xml(document, "over", document.size() - 1);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == "xml.too-large");
    CHECK(crypto::xml::default_max_xml_bytes == size_t{16} << 20);
  }

  TEST_CASE("the depth cap holds at its exact limit, also at the default") {
    CHECK(crypto::xml::parse_untrusted_xml(nested(8), "exact", crypto::xml::default_max_xml_bytes, 8).ok());
    auto over = crypto::xml::parse_untrusted_xml(nested(9), "over", crypto::xml::default_max_xml_bytes, 8);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == "xml.too-deep");
    const int limit = crypto::xml::default_max_xml_depth;
    CHECK(crypto::xml::parse_untrusted_xml(nested(limit), "default").ok());
    auto deep = crypto::xml::parse_untrusted_xml(nested(limit + 1), "default+1");
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error().code == "xml.too-deep");
    // Far beyond the cap (libxml2's own limit is 256 without XML_PARSE_HUGE): refused, no crash.
    CHECK_FALSE(crypto::xml::parse_untrusted_xml(nested(100000), "very deep").ok());
  }

  TEST_CASE("assertion validation refuses signature wrapping with its own error code") {
    AssertionParties parties;
    auto genuine = saml::issue_assertion(parties.spec, shared_pki().sts);
    REQUIRE(genuine.ok());
    REQUIRE(saml::validate_assertion(*genuine, parties.policy).ok());
    SUBCASE("XSW: evil assertion with a new ID and the genuine signature, the unsigned original nested inside") {
      // The classic wrapping attack: the signature still verifies (its Reference finds the nested
      // original, whose content is unchanged), so only the "signed element = used element" check stops it.
      std::string original = genuine->substr(genuine->find("<saml:Assertion"));
      const size_t signature_begin = original.find("<ds:Signature");
      const std::string signature_end = "</ds:Signature>";
      original.erase(signature_begin, original.find(signature_end) + signature_end.size() - signature_begin);
      std::string evil = replace_once(*genuine, ">55133018<", ">29189919<");
      evil = replace_once(evil, "ID=\"", "ID=\"evil");
      evil = replace_once(evil, "</saml:Assertion>", original + "</saml:Assertion>");
      auto validated = saml::validate_assertion(evil, parties.policy);
      REQUIRE_FALSE(validated.ok());
      CHECK(validated.error().code == "saml.signature-wrapping");
    }
    SUBCASE("evil assertion with a new ID and the genuine signature, the signed original nested inside") {
      std::string evil = replace_once(*genuine, ">55133018<", ">29189919<");
      evil = replace_once(evil, "ID=\"", "ID=\"evil");
      evil = replace_once(evil, "</saml:Assertion>", *genuine + "</saml:Assertion>");
      auto validated = saml::validate_assertion(evil, parties.policy);
      REQUIRE_FALSE(validated.ok());
      // Refused; the verifier checks the cryptography before coverage, so this reads "invalid".
      CHECK(
          (validated.error().code == "saml.signature-wrapping" || validated.error().code == "saml.signature-invalid"));
    }
    SUBCASE("evil assertion reusing the genuine ID, genuine one nested inside") {
      std::string evil = replace_once(*genuine, ">55133018<", ">29189919<");
      evil = replace_once(evil, "</saml:Assertion>", *genuine + "</saml:Assertion>");
      auto validated = saml::validate_assertion(evil, parties.policy);
      REQUIRE_FALSE(validated.ok());
      CHECK(validated.error().code != "");
      CHECK(validated.error().code != "saml.cvr"); // refused for the signature, not for the CVR
    }
  }

  TEST_CASE("the engine's response cap is configurable") {
    TemporaryDirectory dir;
    engine::RunOptions options;
    options.only = {"SF1470"};
    options.max_response_bytes = size_t{1} << 20;
    const CheckRun run = check_scenario("hostile-isolated.yaml", dir.path(), std::chrono::milliseconds(5000), options);
    const engine::CriterionOutcome* outcome = find_criterion(run.assessment, "SF1470.3");
    REQUIRE(outcome != nullptr);
    CAPTURE(outcome->reason);
    CHECK(outcome->verdict == Verdict::IkkeTestet);
    CHECK(contains(outcome->reason, "exceeds the limit of 1048576 bytes"));
  }

  TEST_CASE("a conforming vendor WSP (sts-refusals scenario) refuses the wrapped message klarmeld's probe sends") {
    TemporaryDirectory dir;
    engine::RunOptions options;
    options.only = {"SF1512"};
    const CheckRun run = check_scenario("sts-refusals.yaml", dir.path(), std::chrono::milliseconds(10000), options);
    const engine::CriterionOutcome* outcome = find_criterion(run.assessment, "SF1512.8");
    REQUIRE(outcome != nullptr);
    CAPTURE(outcome->reason);
    CHECK(outcome->verdict == Verdict::Ja);
    CHECK(contains(outcome->reason, "rejected a signature-wrapped message"));
    CHECK(contains(outcome->reason, "does not cover soap:Body"));
  }
}
