// The SAML fuzz seed (tests/fuzz/corpus/saml_response/) must be an assertion the fuzz target's
// policy accepts, so mutations start past the signature check. KLARMELD_WRITE_FUZZ_SEEDS=DIR writes
// a fresh seed (signed by a throwaway key; only the certificate is in the file).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "robustness_support.hpp"

using namespace klarmeld;
using namespace klarmeld::robustness;
namespace x = klarmeld::crypto::xml;

namespace {

// The policy of tests/fuzz/fuzz_saml_response.cpp: the KeyInfo certificate is trusted, times are wide.
Result<saml::ValidatedAssertion> validate_like_the_fuzzer(const std::string& text,
                                                          std::vector<crypto::X509Ptr>& trusted) {
  auto doc = x::parse_untrusted_xml(text, "seed");
  REQUIRE(doc.ok());
  xmlNode* certificate = x::first_descendant(xmlDocGetRootElement(doc->get()), x::ns::ds, "X509Certificate");
  REQUIRE(certificate != nullptr);
  auto parsed = x::certificate_from_base64(x::trimmed_text(certificate), "seed");
  REQUIRE(parsed.ok());
  trusted.push_back(std::move(parsed).value());
  saml::AssertionPolicy policy;
  policy.trusted_signers = &trusted;
  policy.expected_issuer = kombit::sts_issuer;
  policy.audience = kombit::organisation_entity_id;
  policy.cvr = "55133018";
  policy.now = TimePoint{} + std::chrono::seconds(1'795'000'000);
  policy.clock_skew = std::chrono::hours(24 * 365 * 30);
  return saml::validate_assertion(text, policy);
}

} // namespace

TEST_SUITE("robustness::fuzz_seeds") {
  TEST_CASE("the SAML fuzz seed is an assertion the fuzz target's policy accepts") {
    if (const char* dir = std::getenv("KLARMELD_WRITE_FUZZ_SEEDS")) {
      saml::AssertionSpec spec;
      spec.issuer = kombit::sts_issuer;
      spec.holder_certificate = shared_pki().vendor_system.certificate.get();
      spec.audience = kombit::organisation_entity_id;
      spec.cvr = "55133018";
      spec.privileges = {"http://stoettesystemerne.dk/roles/usersystemrole/organisation/3/laes"};
      auto issued = saml::issue_assertion(spec, shared_pki().sts);
      REQUIRE(issued.ok());
      std::ofstream(std::string(dir) + "/assertion.xml", std::ios::binary) << *issued;
    }
    const std::string seed = read_file(std::string(KLARMELD_TEST_DATA) + "/fuzz/corpus/saml_response/assertion.xml");
    REQUIRE_FALSE(seed.empty());
    std::vector<crypto::X509Ptr> trusted;
    auto validated = validate_like_the_fuzzer(seed, trusted);
    CHECK_MESSAGE(validated.ok(), (validated.ok() ? "" : validated.error().render()));
  }
}
