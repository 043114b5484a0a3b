#include "interfaces/saml/web_sso.hpp"

#include <chrono>

#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/saml/enveloped_signature.hpp"
#include "interfaces/saml/logout.hpp"
#include "interfaces/saml/sp_metadata.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

TimePoint read_instant(xmlNode* node, const char* name) {
  auto parsed = parse_xml_datetime(attribute(node, name));
  return parsed ? *parsed : TimePoint{};
}

std::string attribute_statement(const std::vector<AssertionAttribute>& attributes) {
  if (attributes.empty()) {
    return {};
  }
  std::string xml = "<saml:AttributeStatement>";
  for (const AssertionAttribute& item : attributes) {
    xml += "<saml:Attribute Name=\"" + escape_xml(item.name) +
           "\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">";
    for (const std::string& value : item.values) {
      xml += "<saml:AttributeValue>" + escape_xml(value) + "</saml:AttributeValue>";
    }
    xml += "</saml:Attribute>";
  }
  return xml + "</saml:AttributeStatement>";
}

// Core §2.3.3 element order: Issuer, Signature, Subject, Conditions, AuthnStatement, AttributeStatement.
std::string assertion_xml(const SsoResponseSpec& spec, const std::string& id, TimePoint not_before,
                          TimePoint not_on_or_after) {
  return std::string("<saml:Assertion xmlns:saml=\"") + xns::saml + "\" ID=\"" + escape_xml(id) +
         "\" Version=\"2.0\" IssueInstant=\"" + iso8601_utc_millis(spec.issue_instant) + "\"><saml:Issuer>" +
         escape_xml(spec.issuer) + "</saml:Issuer><saml:Subject><saml:NameID Format=\"" + name_id_persistent + "\">" +
         escape_xml(spec.name_id) + "</saml:NameID><saml:SubjectConfirmation Method=\"" + subject_confirmation_bearer +
         "\"><saml:SubjectConfirmationData NotOnOrAfter=\"" + iso8601_utc_millis(not_on_or_after) + "\" Recipient=\"" +
         escape_xml(spec.destination) + "\" InResponseTo=\"" + escape_xml(spec.in_response_to) +
         "\"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore=\"" +
         iso8601_utc_millis(not_before) + "\" NotOnOrAfter=\"" + iso8601_utc_millis(not_on_or_after) +
         "\"><saml:AudienceRestriction><saml:Audience>" + escape_xml(spec.audience) +
         "</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant=\"" +
         iso8601_utc_millis(spec.issue_instant) + "\" SessionIndex=\"" + escape_xml(spec.session_index) +
         "\"><saml:AuthnContext><saml:AuthnContextClassRef>" + authn_context_x509 +
         "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>" +
         attribute_statement(spec.attributes) + "</saml:Assertion>";
}

// Core §6.2: each saml:EncryptedAssertion holds an xenc:EncryptedData whose plaintext is a
// saml:Assertion; it takes the EncryptedAssertion's place, so the checks that follow see one tree.
Result<bool> decrypt_assertions(xmlNode* response, EVP_PKEY* key) {
  std::vector<xmlNode*> encrypted = child_elements(response, xns::saml, "EncryptedAssertion");
  if (encrypted.empty()) {
    return false;
  }
  if (key == nullptr) {
    return input_error("saml.encrypted", "the assertion is encrypted and there is no key to decrypt it");
  }
  for (xmlNode* wrapper : encrypted) {
    TRY_ASSIGN(xmlNode * plain, decrypt_element(first_child_element(wrapper, ns::xenc, "EncryptedData"), key));
    if (!is_element(plain, xns::saml, "Assertion")) {
      return input_error("saml.malformed",
                         "the EncryptedAssertion holds <" + local_name(plain) + ">, not an assertion");
    }
    xmlUnlinkNode(plain);
    xmlNode* replaced = xmlReplaceNode(wrapper, plain);
    xmlFreeNode(replaced);
    xmlReconciliateNs(plain->doc, plain);
  }
  return true;
}

} // namespace

crypto::xml::DataEncryption choose_data_encryption(const std::vector<std::string>& methods) {
  for (const std::string& method : methods) {
    if (auto known = data_encryption_from_uri(method)) {
      return *known;
    }
  }
  return DataEncryption::Aes256Gcm;
}

std::string build_authn_request(const AuthnRequestSpec& spec) {
  const std::string id = spec.id.empty() ? new_xml_id("_") : spec.id;
  return std::string("<samlp:AuthnRequest xmlns:samlp=\"") + xns::samlp + "\" xmlns:saml=\"" + xns::saml + "\" ID=\"" +
         escape_xml(id) + "\" Version=\"2.0\" IssueInstant=\"" + iso8601_utc_millis(spec.issue_instant) +
         "\" Destination=\"" + escape_xml(spec.destination) + "\" AssertionConsumerServiceURL=\"" +
         escape_xml(spec.acs_url) + "\" ProtocolBinding=\"" + binding_http_post + "\"><saml:Issuer>" +
         escape_xml(spec.issuer) + "</saml:Issuer></samlp:AuthnRequest>";
}

Result<AuthnRequestInfo> read_authn_request(std::string_view xml) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "AuthnRequest"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is_element(root, xns::samlp, "AuthnRequest")) {
    return input_error("saml.malformed", "expected samlp:AuthnRequest, got <" + local_name(root) + ">");
  }
  AuthnRequestInfo info;
  info.id = attribute(root, "ID");
  info.destination = attribute(root, "Destination");
  info.acs_url = attribute(root, "AssertionConsumerServiceURL");
  info.protocol_binding = attribute(root, "ProtocolBinding");
  info.issuer = trimmed_text(first_child_element(root, xns::saml, "Issuer"));
  info.issue_instant = read_instant(root, "IssueInstant");
  return info;
}

Result<std::string> build_sso_response(const SsoResponseSpec& spec, const crypto::Identity& signer) {
  using namespace std::chrono_literals;
  const std::string assertion_id = spec.assertion_id.empty() ? new_xml_id("_") : spec.assertion_id;
  const std::string response_id = spec.response_id.empty() ? new_xml_id("_") : spec.response_id;
  const TimePoint not_before = spec.not_before == TimePoint{} ? spec.issue_instant - 1min : spec.not_before;
  const TimePoint not_on_or_after =
      spec.not_on_or_after == TimePoint{} ? spec.issue_instant + 5min : spec.not_on_or_after;
  TRY_ASSIGN(XmlDocPtr assertion_doc,
             parse_untrusted_xml(assertion_xml(spec, assertion_id, not_before, not_on_or_after), "assertion"));
  xmlNode* assertion = xmlDocGetRootElement(assertion_doc.get());
  if (spec.forgery != SsoForgery::Unsigned) {
    const SignatureAlgorithm algorithm =
        spec.forgery == SsoForgery::Sha1 ? SignatureAlgorithm::RsaSha1Forgery : SignatureAlgorithm::RsaSha256;
    TRY_ASSIGN(xmlNode * signature,
               add_signature_template(
                   assertion, xmlNextElementSibling(first_child_element(assertion, xns::saml, "Issuer")), algorithm));
    TRY(add_reference(signature, assertion_id, true, algorithm));
    TRY(add_x509_key_info(signature));
    TRY(sign(signature, signer));
  }
  // The signed assertion goes into the Response as serialised: exc-c14n makes its digest independent
  // of the namespace context it lands in.
  std::string signed_assertion = serialize_element(assertion);
  std::string carried = signed_assertion;
  std::string extensions;
  xmlNode* name_id = first_child_element(first_child_element(assertion, xns::saml, "Subject"), xns::saml, "NameID");
  if (spec.forgery == SsoForgery::TamperedAfterSigning) {
    xmlNodeSetContent(name_id, as_xml((spec.name_id + "-admin").c_str()));
    carried = serialize_element(assertion);
  } else if (spec.forgery == SsoForgery::SignatureWrapping) {
    // XSW (Somorovsky et al., "On Breaking SAML", USENIX Security 2012): the signature still verifies
    // over the original, now in samlp:Extensions, while the first assertion names another user.
    extensions = "<samlp:Extensions>" + signed_assertion + "</samlp:Extensions>";
    xmlNodeSetContent(name_id, as_xml((spec.name_id + "-admin").c_str()));
    xmlSetProp(assertion, as_xml("ID"), as_xml((assertion_id + "-evil").c_str()));
    carried = serialize_element(assertion);
  }
  if (spec.encrypt_to != nullptr) {
    TRY_ASSIGN(std::string encrypted, encrypt_element_text(carried, spec.encrypt_to, spec.data_encryption));
    carried = "<saml:EncryptedAssertion>" + encrypted + "</saml:EncryptedAssertion>";
  }
  return std::string("<samlp:Response xmlns:samlp=\"") + xns::samlp + "\" xmlns:saml=\"" + xns::saml + "\" ID=\"" +
         escape_xml(response_id) + "\" Version=\"2.0\" IssueInstant=\"" + iso8601_utc_millis(spec.issue_instant) +
         "\" Destination=\"" + escape_xml(spec.destination) + "\" InResponseTo=\"" + escape_xml(spec.in_response_to) +
         "\"><saml:Issuer>" + escape_xml(spec.issuer) + "</saml:Issuer>" + extensions +
         "<samlp:Status><samlp:StatusCode Value=\"" + "urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>" +
         carried + "</samlp:Response>";
}

Result<SsoLogin> read_sso_response(std::string_view xml, const std::vector<crypto::X509Ptr>& trusted_idp,
                                   bool check_signature, EVP_PKEY* decryption_key) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "SAML Response"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is_element(root, xns::samlp, "Response")) {
    return input_error("saml.malformed", "expected samlp:Response, got <" + local_name(root) + ">");
  }
  SsoLogin login;
  TRY_ASSIGN(login.encrypted, decrypt_assertions(root, decryption_key));
  // After decryption: the decrypted assertion's ID must be registered for its signature's reference.
  TRY(register_ids(doc.get()));
  login.response_id = attribute(root, "ID");
  login.destination = attribute(root, "Destination");
  login.in_response_to = attribute(root, "InResponseTo");
  xmlNode* status = first_child_element(root, xns::samlp, "Status");
  login.status_code = attribute(first_child_element(status, xns::samlp, "StatusCode"), "Value");
  // Profiles §4.1.4.2: exactly one assertion is what this SP accepts; a second one is a wrapping attempt.
  std::vector<xmlNode*> assertions = child_elements(root, xns::saml, "Assertion");
  if (assertions.size() != 1) {
    return input_error("saml.malformed",
                       "the Response carries " + std::to_string(assertions.size()) + " assertions, not one");
  }
  xmlNode* assertion = assertions.front();
  if (check_signature) {
    TRY(verify_enveloped_signature(assertion, &trusted_idp, false, "assertion"));
  }
  login.assertion_id = attribute(assertion, "ID");
  login.issuer = trimmed_text(first_child_element(assertion, xns::saml, "Issuer"));
  xmlNode* subject = first_child_element(assertion, xns::saml, "Subject");
  login.name_id = trimmed_text(first_child_element(subject, xns::saml, "NameID"));
  xmlNode* data = first_child_element(first_child_element(subject, xns::saml, "SubjectConfirmation"), xns::saml,
                                      "SubjectConfirmationData");
  login.recipient = attribute(data, "Recipient");
  login.confirmation_in_response_to = attribute(data, "InResponseTo");
  xmlNode* conditions = first_child_element(assertion, xns::saml, "Conditions");
  login.not_before = read_instant(conditions, "NotBefore");
  login.not_on_or_after = read_instant(conditions, "NotOnOrAfter");
  login.audience = trimmed_text(
      first_child_element(first_child_element(conditions, xns::saml, "AudienceRestriction"), xns::saml, "Audience"));
  login.session_index = attribute(first_child_element(assertion, xns::saml, "AuthnStatement"), "SessionIndex");
  return login;
}

} // namespace klarmeld::saml
