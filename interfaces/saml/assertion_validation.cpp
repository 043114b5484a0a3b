#include "interfaces/saml/assertion_validation.hpp"

#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/saml/assertion.hpp"
#include "interfaces/saml/enveloped_signature.hpp"
#include "interfaces/saml/holder_of_key.hpp"
#include "util/time.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

Result<TimePoint> time_attribute(xmlNode* node, const char* name, const char* what) {
  std::string value = attribute(node, name);
  if (value.empty()) {
    return input_error("saml.malformed", std::string("the assertion has no ") + what);
  }
  auto parsed = parse_xml_datetime(value);
  if (!parsed) {
    return input_error("saml.malformed", std::string(what) + " is not a valid dateTime: " + value);
  }
  return *parsed;
}

void read_attributes(xmlNode* assertion, ValidatedAssertion& out) {
  for (xmlNode* statement : child_elements(assertion, xns::saml, "AttributeStatement")) {
    for (xmlNode* attribute_node : child_elements(statement, xns::saml, "Attribute")) {
      auto& values = out.attributes[attribute(attribute_node, "Name")];
      for (xmlNode* value : child_elements(attribute_node, xns::saml, "AttributeValue")) {
        values.push_back(trimmed_text(value));
      }
    }
  }
  auto cvr = out.attributes.find(attr_cvr);
  if (cvr != out.attributes.end() && !cvr->second.empty()) {
    out.cvr = cvr->second.front();
  }
}

Status check_conditions(xmlNode* assertion, const AssertionPolicy& policy, ValidatedAssertion& out) {
  xmlNode* conditions = first_child_element(assertion, xns::saml, "Conditions");
  if (conditions == nullptr) {
    return input_error("saml.malformed", "the assertion has no Conditions");
  }
  TRY_ASSIGN(out.not_before, time_attribute(conditions, "NotBefore", "Conditions NotBefore"));
  TRY_ASSIGN(out.not_on_or_after, time_attribute(conditions, "NotOnOrAfter", "Conditions NotOnOrAfter"));
  for (xmlNode* restriction : child_elements(conditions, xns::saml, "AudienceRestriction")) {
    for (xmlNode* audience : child_elements(restriction, xns::saml, "Audience")) {
      out.audiences.push_back(trimmed_text(audience));
    }
  }
  if (!out.audiences.empty()) {
    out.audience = out.audiences.front();
  }
  if (policy.now + policy.clock_skew < out.not_before) {
    return input_error("saml.not-yet-valid", "the assertion is not valid before " + iso8601_utc(out.not_before));
  }
  if (policy.now - policy.clock_skew >= out.not_on_or_after) {
    return input_error("saml.expired", "the assertion expired at " + iso8601_utc(out.not_on_or_after));
  }
  if (!policy.audience.empty()) {
    bool found = false;
    for (const std::string& audience : out.audiences) {
      found = found || audience == policy.audience;
    }
    if (!found) {
      return input_error("saml.audience",
                         "the assertion's Audience is \"" + out.audience + "\", expected \"" + policy.audience + "\"");
    }
  }
  return Ok{};
}

} // namespace

Result<ValidatedAssertion> validate_assertion(xmlNode* assertion, const AssertionPolicy& policy) {
  if (!is_element(assertion, xns::saml, "Assertion")) {
    return input_error("saml.malformed", "not a saml:Assertion");
  }
  ValidatedAssertion out;
  out.node = assertion;
  out.id = attribute(assertion, "ID");
  if (out.id.empty() || attribute(assertion, "Version") != "2.0") {
    return input_error("saml.malformed", "the assertion has no ID or is not SAML 2.0");
  }
  // SAML core §5.4: the STS signature must cover exactly this node (no wrapping), by a trusted key.
  TRY_ASSIGN(SignatureCheck signature,
             verify_enveloped_signature(assertion, policy.trusted_signers, false, "assertion"));
  // A reference to the trusted certificate, not a copy: X509_dup re-decodes it, public key included,
  // which was 7 % of the client's CPU in a 98-municipality rollout (one per token).
  if (signature.trusted_signer != nullptr && X509_up_ref(signature.trusted_signer) == 1) {
    out.signer_certificate.reset(signature.trusted_signer);
  }
  out.issuer = trimmed_text(first_child_element(assertion, xns::saml, "Issuer"));
  if (!policy.expected_issuer.empty() && out.issuer != policy.expected_issuer) {
    return input_error("saml.issuer",
                       "the assertion's Issuer is \"" + out.issuer + "\", expected \"" + policy.expected_issuer + "\"");
  }
  if (auto instant = parse_xml_datetime(attribute(assertion, "IssueInstant"))) {
    out.issue_instant = *instant;
  }
  TRY(check_conditions(assertion, policy, out));
  out.subject_name_id =
      trimmed_text(first_child_element(first_child_element(assertion, xns::saml, "Subject"), xns::saml, "NameID"));
  TRY_ASSIGN(out.holder_certificate, holder_of_key_certificate(assertion));
  if (policy.holder_certificate != nullptr &&
      !same_certificate(policy.holder_certificate, out.holder_certificate.get())) {
    return input_error("saml.holder-of-key", "the assertion's holder-of-key certificate is not the expected "
                                             "certificate");
  }
  read_attributes(assertion, out);
  if (!policy.cvr.empty() && out.cvr != policy.cvr) {
    return input_error("saml.cvr",
                       "the assertion's CvrNumberIdentifier is \"" + out.cvr + "\", expected \"" + policy.cvr + "\"");
  }
  return out;
}

Result<ValidatedAssertion> validate_assertion(std::string_view xml, const AssertionPolicy& policy) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "assertion"));
  auto validated = validate_assertion(xmlDocGetRootElement(doc.get()), policy);
  if (validated) {
    validated->node = nullptr; // the document dies here
  }
  return validated;
}

Result<std::vector<std::string>> privileges_for(const ValidatedAssertion& assertion, const std::string& cvr) {
  std::vector<std::string> privileges;
  auto found = assertion.attributes.find(attr_privileges);
  if (found == assertion.attributes.end() || found->second.empty()) {
    return privileges;
  }
  TRY_ASSIGN(std::string list, base64_decode(found->second.front(), "Privileges_intermediate"));
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(list, "Privileges_intermediate"));
  std::string scope = "urn:dk:gov:saml:cvrNumberIdentifier:" + cvr;
  for (xmlNode* group : child_elements(xmlDocGetRootElement(doc.get()), nullptr, "PrivilegeGroup")) {
    if (attribute(group, "Scope") == scope) {
      for (xmlNode* privilege : child_elements(group, nullptr, "Privilege")) {
        privileges.push_back(trimmed_text(privilege));
      }
    }
  }
  return privileges;
}

} // namespace klarmeld::saml
