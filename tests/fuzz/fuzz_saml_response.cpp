// libFuzzer target: untrusted SOAP/SAML answers. Every input goes through the hardened parser and the
// holder-of-key assertion validator. The certificate in the input's own KeyInfo is trusted (as if it
// were the STS's), so a seed signed once stays "valid" and mutations reach the checks after the
// signature: coverage, issuer, audience, time window, subject confirmation, attributes.
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "fuzz_support.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/saml/assertion_validation.hpp"

namespace x = klarmeld::crypto::xml;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = klarmeld::fuzz::as_text(data, size);
  auto doc = x::parse_untrusted_xml(text, "fuzz");
  if (!doc.ok()) {
    return 0;
  }
  std::vector<klarmeld::crypto::X509Ptr> trusted;
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (xmlNode* certificate = x::first_descendant(root, x::ns::ds, "X509Certificate")) {
    if (auto parsed = x::certificate_from_base64(x::trimmed_text(certificate), "fuzz KeyInfo"); parsed.ok()) {
      trusted.push_back(std::move(parsed).value());
    }
  }
  klarmeld::saml::AssertionPolicy policy;
  policy.trusted_signers = &trusted;
  // The seed's values, so that mutations of a valid assertion get past these checks.
  policy.expected_issuer = klarmeld::kombit::sts_issuer;
  policy.audience = klarmeld::kombit::organisation_entity_id;
  policy.cvr = "55133018";
  policy.now = klarmeld::TimePoint{} + std::chrono::seconds(1'795'000'000); // fixed: no time-dependent paths
  policy.clock_skew = std::chrono::hours(24 * 365 * 30);
  auto validated = klarmeld::saml::validate_assertion(text, policy);
  (void)validated;
  // The same validator on an assertion inside a larger answer (RSTR, SOAP header), in place.
  if (xmlNode* assertion = x::first_descendant(root, x::ns::saml, "Assertion")) {
    (void)klarmeld::saml::validate_assertion(assertion, policy);
  }
  return 0;
}
