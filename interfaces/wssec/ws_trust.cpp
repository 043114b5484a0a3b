#include "interfaces/wssec/ws_trust.hpp"

#include "crypto/identity.hpp"
#include "crypto/random.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "util/time.hpp"

namespace klarmeld::wssec {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

std::string timestamp_xml(TimePoint now, std::chrono::seconds lifetime) {
  // §2.1 (MAGENTA): UTC with exactly millisecond precision.
  return "<wsu:Timestamp wsu:Id=\"ts\"><wsu:Created>" + iso8601_utc_millis(now) + "</wsu:Created><wsu:Expires>" +
         iso8601_utc_millis(now + lifetime) + "</wsu:Expires></wsu:Timestamp>";
}

std::string binary_token_xml(X509* certificate, const char* id_attribute) {
  return std::string("<wsse:BinarySecurityToken") + id_attribute + " ValueType=\"" + xns::x509v3 +
         "\" EncodingType=\"" + xns::base64_binary + "\">" + crypto::to_base64_der(certificate) +
         "</wsse:BinarySecurityToken>";
}

std::string envelope_open() {
  return std::string("<s:Envelope xmlns:s=\"") + ns::soap12 + "\" xmlns:wsa=\"" + ns::wsa + "\" xmlns:wsu=\"" +
         xns::wsu + "\" xmlns:wsse=\"" + xns::wsse + "\">";
}

std::string text_of_child(xmlNode* parent, const char* ns_uri, const char* name) {
  return trimmed_text(first_child_element(parent, ns_uri, name));
}

} // namespace

SignOptions rst_sign_options() {
  SignOptions options;
  options.references = {"action", "msgid", "to", "replyto", "ts", "body", "bst"};
  options.key_info = KeyReference::BinarySecurityToken;
  options.bst_id = "bst";
  return options;
}

std::vector<std::string> rst_required_signed_headers() {
  return {"Action", "MessageID", "To"};
}

Result<XmlDocPtr> build_rst(const RstSpec& spec, X509* caller_certificate, std::string* message_id) {
  if (caller_certificate == nullptr) {
    return internal_error("wstrust.rst", "no caller certificate for the RST");
  }
  std::string id = spec.message_id.empty() ? "urn:uuid:" + crypto::random_uuid() : spec.message_id;
  if (message_id != nullptr) {
    *message_id = id;
  }
  std::string xml = envelope_open();
  xml += "<s:Header>";
  xml += std::string("<wsa:Action s:mustUnderstand=\"1\" wsu:Id=\"action\">") + ns::wst_issue_action + "</wsa:Action>";
  xml += "<wsa:MessageID wsu:Id=\"msgid\">" + escape_xml(id) + "</wsa:MessageID>";
  xml +=
      std::string("<wsa:ReplyTo wsu:Id=\"replyto\"><wsa:Address>") + ns::wsa_anonymous + "</wsa:Address></wsa:ReplyTo>";
  xml += "<wsa:To s:mustUnderstand=\"1\" wsu:Id=\"to\">" + escape_xml(spec.sts_url) + "</wsa:To>";
  xml += "<wsse:Security s:mustUnderstand=\"1\">";
  xml += timestamp_xml(spec.now, spec.lifetime);
  xml += binary_token_xml(caller_certificate, " wsu:Id=\"bst\"");
  xml += "</wsse:Security></s:Header>";
  xml += "<s:Body wsu:Id=\"body\">";
  xml += std::string("<wst:RequestSecurityToken xmlns:wst=\"") + ns::wst + "\">";
  xml += std::string("<wst:TokenType>") + xns::saml2_token_type + "</wst:TokenType>";
  xml += std::string("<wst:RequestType>") + ns::wst_issue + "</wst:RequestType>";
  xml += std::string("<wsp:AppliesTo xmlns:wsp=\"") + ns::wsp + "\"><wsa:EndpointReference><wsa:Address>" +
         escape_xml(spec.entity_id) + "</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>";
  xml += std::string("<wst:Claims Dialect=\"") + ns::auth_claims_dialect + "\" xmlns:auth=\"" + ns::auth + "\">";
  xml += std::string("<auth:ClaimType Uri=\"") + ns::cvr_claim + "\" Optional=\"false\"><auth:Value>" +
         escape_xml(spec.cvr) + "</auth:Value></auth:ClaimType></wst:Claims>";
  xml += std::string("<wst:KeyType>") + ns::wst_public_key + "</wst:KeyType>";
  xml += "<wst:UseKey>" + binary_token_xml(caller_certificate, "") + "</wst:UseKey>";
  xml += "</wst:RequestSecurityToken></s:Body></s:Envelope>";
  return parse_untrusted_xml(xml, "RST");
}

Result<SignedMessage> build_signed_rst(const RstSpec& spec, const crypto::Identity& caller) {
  SignedMessage message;
  TRY_ASSIGN(XmlDocPtr doc, build_rst(spec, caller.certificate.get(), &message.message_id));
  TRY(sign_soap_envelope(doc.get(), caller, rst_sign_options()));
  message.xml = serialize_document(doc.get());
  return message;
}

Result<RstContents> read_rst(const VerifiedEnvelope& envelope) {
  xmlNode* rst = first_child_element(envelope.body, ns::wst, "RequestSecurityToken");
  if (rst == nullptr) {
    return input_error("wstrust.malformed", "the Body has no wst:RequestSecurityToken");
  }
  RstContents contents;
  contents.message_id = trimmed_text(envelope.header_element(ns::wsa, "MessageID"));
  contents.token_type = text_of_child(rst, ns::wst, "TokenType");
  contents.request_type = text_of_child(rst, ns::wst, "RequestType");
  contents.key_type = text_of_child(rst, ns::wst, "KeyType");
  xmlNode* applies_to = first_child_element(rst, ns::wsp, "AppliesTo");
  contents.entity_id = text_of_child(first_child_element(applies_to, ns::wsa, "EndpointReference"), ns::wsa, "Address");
  for (xmlNode* claim : child_elements(first_child_element(rst, ns::wst, "Claims"), ns::auth, "ClaimType")) {
    if (attribute(claim, "Uri") == ns::cvr_claim) {
      contents.cvr = text_of_child(claim, ns::auth, "Value");
    }
  }
  xmlNode* use_key = first_child_element(first_child_element(rst, ns::wst, "UseKey"), xns::wsse, "BinarySecurityToken");
  if (use_key != nullptr) {
    TRY_ASSIGN(contents.use_key, certificate_from_base64(trimmed_text(use_key), "UseKey BinarySecurityToken"));
  }
  return contents;
}

Result<SignedMessage> build_signed_rstr(const RstrSpec& spec, const crypto::Identity& sts) {
  SignedMessage message;
  message.message_id = "urn:uuid:" + crypto::random_uuid();
  std::string assertion = spec.assertion_xml;
  if (assertion.rfind("<?xml", 0) == 0) {
    assertion.erase(0, assertion.find("?>") + 2);
  }
  std::string xml = envelope_open();
  xml += "<s:Header>";
  xml += std::string("<wsa:Action s:mustUnderstand=\"1\" wsu:Id=\"action\">") + ns::wst_issue_final_action +
         "</wsa:Action>";
  xml += "<wsa:MessageID wsu:Id=\"msgid\">" + message.message_id + "</wsa:MessageID>";
  xml += "<wsa:RelatesTo wsu:Id=\"relatesto\">" + escape_xml(spec.relates_to) + "</wsa:RelatesTo>";
  xml += "<wsse:Security s:mustUnderstand=\"1\">" + timestamp_xml(spec.now, std::chrono::seconds(300)) +
         binary_token_xml(sts.certificate.get(), " wsu:Id=\"bst\"") + "</wsse:Security></s:Header>";
  xml += "<s:Body wsu:Id=\"body\">";
  xml += std::string("<wst:RequestSecurityTokenResponseCollection xmlns:wst=\"") + ns::wst + "\" xmlns:wsse11=\"" +
         xns::wsse11 + "\"><wst:RequestSecurityTokenResponse>";
  xml += "<wst:Lifetime><wsu:Created>" + iso8601_utc_millis(spec.created) + "</wsu:Created><wsu:Expires>" +
         iso8601_utc_millis(spec.expires) + "</wsu:Expires></wst:Lifetime>";
  xml += std::string("<wsp:AppliesTo xmlns:wsp=\"") + ns::wsp + "\"><wsa:EndpointReference><wsa:Address>" +
         escape_xml(spec.entity_id) + "</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>";
  xml += "<wst:RequestedSecurityToken>" + assertion + "</wst:RequestedSecurityToken>";
  std::string str = std::string("<wsse:SecurityTokenReference wsse11:TokenType=\"") + xns::saml2_token_type +
                    "\"><wsse:KeyIdentifier ValueType=\"" + xns::saml_id_value_type + "\">" +
                    escape_xml(spec.assertion_id) + "</wsse:KeyIdentifier></wsse:SecurityTokenReference>";
  xml += "<wst:RequestedAttachedReference>" + str + "</wst:RequestedAttachedReference>";
  xml += "<wst:RequestedUnattachedReference>" + str + "</wst:RequestedUnattachedReference>";
  xml += std::string("<wst:TokenType>") + xns::saml2_token_type + "</wst:TokenType>";
  xml += std::string("<wst:RequestType>") + ns::wst_issue + "</wst:RequestType>";
  xml += std::string("<wst:KeyType>") + ns::wst_public_key + "</wst:KeyType>";
  xml += "</wst:RequestSecurityTokenResponse></wst:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>";
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "RSTR"));
  SignOptions options;
  options.references = {"action", "relatesto", "ts", "body"};
  options.bst_id = "bst";
  TRY(sign_soap_envelope(doc.get(), sts, options));
  message.xml = serialize_document(doc.get());
  return message;
}

Result<RstrContents> read_rstr(xmlDoc* doc) {
  TRY_ASSIGN(auto fault, soap::find_soap_fault(doc));
  if (fault) {
    return input_error("sts.fault", "the STS answered with a SOAP fault: " + fault->describe());
  }
  xmlNode* body = soap_body(doc);
  if (body == nullptr) {
    return input_error("sts.malformed", "the STS answer is not a SOAP envelope with one Body");
  }
  xmlNode* collection = first_child_element(body, ns::wst, "RequestSecurityTokenResponseCollection");
  xmlNode* response = collection != nullptr ? first_child_element(collection, ns::wst, "RequestSecurityTokenResponse")
                                            : first_child_element(body, ns::wst, "RequestSecurityTokenResponse");
  if (response == nullptr) {
    return input_error("sts.malformed", "the STS answer has no wst:RequestSecurityTokenResponse");
  }
  RstrContents contents;
  auto assertions =
      child_elements(first_child_element(response, ns::wst, "RequestedSecurityToken"), xns::saml, "Assertion");
  if (assertions.size() != 1) {
    return input_error("sts.malformed", "RequestedSecurityToken must hold exactly one saml:Assertion");
  }
  contents.assertion = assertions.front();
  contents.token_type = text_of_child(response, ns::wst, "TokenType");
  xmlNode* applies_to = first_child_element(response, ns::wsp, "AppliesTo");
  contents.applies_to =
      text_of_child(first_child_element(applies_to, ns::wsa, "EndpointReference"), ns::wsa, "Address");
  if (xmlNode* lifetime = first_child_element(response, ns::wst, "Lifetime")) {
    auto created = parse_xml_datetime(text_of_child(lifetime, xns::wsu, "Created"));
    auto expires = parse_xml_datetime(text_of_child(lifetime, xns::wsu, "Expires"));
    if (created && expires) {
      contents.created = *created;
      contents.expires = *expires;
      contents.has_lifetime = true;
    }
  }
  return contents;
}

} // namespace klarmeld::wssec
