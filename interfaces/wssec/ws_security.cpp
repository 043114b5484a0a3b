#include "interfaces/wssec/ws_security.hpp"

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/saml/holder_of_key.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "util/time.hpp"

namespace klarmeld::wssec {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

bool is_envelope(const xmlNode* node) {
  return is_element(node, ns::soap12, "Envelope") || is_element(node, ns::soap11, "Envelope");
}

// Exactly one direct child with this name in the envelope's SOAP namespace; else nullptr.
xmlNode* only_envelope_child(xmlNode* envelope, const char* name) {
  if (!is_envelope(envelope)) {
    return nullptr;
  }
  const char* soap_ns = namespace_of(envelope) == ns::soap12 ? ns::soap12 : ns::soap11;
  auto children = child_elements(envelope, soap_ns, name);
  return children.size() == 1 ? children.front() : nullptr;
}

xmlNs* namespace_for(xmlNode* node, const char* href, const char* prefix) {
  xmlNs* existing = xmlSearchNsByHref(node->doc, node, as_xml(href));
  return existing != nullptr ? existing : xmlNewNs(node, as_xml(href), as_xml(prefix));
}

Status add_key_info(xmlNode* signature, const SignOptions& options) {
  TRY_ASSIGN(xmlNode * key_info, ensure_key_info(signature));
  xmlNode* str = xmlNewChild(key_info, nullptr, as_xml("SecurityTokenReference"), nullptr);
  if (str == nullptr) {
    return internal_error("wssec.template", "could not build the KeyInfo SecurityTokenReference");
  }
  xmlSetNs(str, namespace_for(str, xns::wsse, "wsse"));
  if (options.key_info == KeyReference::BinarySecurityToken) {
    if (options.bst_id.empty()) {
      return internal_error("wssec.template", "BinarySecurityToken key reference without a token id");
    }
    xmlNode* reference = xmlNewChild(str, str->ns, as_xml("Reference"), nullptr);
    std::string uri = "#" + options.bst_id;
    xmlSetProp(reference, as_xml("URI"), as_xml(uri.c_str()));
    xmlSetProp(reference, as_xml("ValueType"), as_xml(xns::x509v3));
    return Ok{};
  }
  if (options.assertion_id.empty()) {
    return internal_error("wssec.template", "SAML key identifier without an assertion id");
  }
  // SAML Token Profile 1.1 §3.4.2: wsse11:TokenType + KeyIdentifier with ValueType SAMLID.
  xmlSetNsProp(str, namespace_for(str, xns::wsse11, "wsse11"), as_xml("TokenType"), as_xml(xns::saml2_token_type));
  xmlNode* identifier = xmlNewChild(str, str->ns, as_xml("KeyIdentifier"), nullptr);
  xmlNodeAddContent(identifier, as_xml(options.assertion_id.c_str()));
  xmlSetProp(identifier, as_xml("ValueType"), as_xml(xns::saml_id_value_type));
  return Ok{};
}

Result<crypto::X509Ptr> key_from_binary_token(xmlNode* token, xmlNode* security) {
  if (!is_element(token, xns::wsse, "BinarySecurityToken") || token->parent != security) {
    return input_error("wssec.key", "the KeyInfo reference does not point at a BinarySecurityToken in this "
                                    "Security header");
  }
  if (attribute(token, "ValueType") != xns::x509v3) {
    return input_error("wssec.key", "the BinarySecurityToken is not an X509v3 token");
  }
  return certificate_from_base64(trimmed_text(token), "BinarySecurityToken");
}

struct KeySelection {
  crypto::X509Ptr certificate;
  SigningKeySource source = SigningKeySource::BinarySecurityToken;
  xmlNode* token = nullptr;
};

Result<KeySelection> select_key(xmlDoc* doc, xmlNode* signature, xmlNode* security, const VerifyPolicy& policy) {
  xmlNode* key_info = first_child_element(signature, xns::ds, "KeyInfo");
  xmlNode* str = first_child_element(key_info, xns::wsse, "SecurityTokenReference");
  if (str == nullptr) {
    return input_error("wssec.key", "the signature's KeyInfo has no wsse:SecurityTokenReference");
  }
  KeySelection selection;
  if (xmlNode* reference = first_child_element(str, xns::wsse, "Reference")) {
    if (!policy.allow_binary_security_token) {
      return input_error("wssec.key", "a BinarySecurityToken key is not accepted here");
    }
    std::string uri = attribute(reference, "URI");
    if (uri.size() < 2 || uri[0] != '#') {
      return input_error("wssec.key", "the SecurityTokenReference URI is not a same-document reference");
    }
    selection.token = element_by_id(doc, uri.substr(1));
    TRY_ASSIGN(selection.certificate, key_from_binary_token(selection.token, security));
    selection.source = SigningKeySource::BinarySecurityToken;
    return selection;
  }
  if (xmlNode* identifier = first_child_element(str, xns::wsse, "KeyIdentifier")) {
    if (!policy.allow_saml_holder_of_key) {
      return input_error("wssec.key", "a SAML holder-of-key is not accepted here");
    }
    if (attribute(identifier, "ValueType") != xns::saml_id_value_type) {
      return input_error("wssec.key", "the KeyIdentifier is not a SAML assertion ID (ValueType SAMLID)");
    }
    selection.token = element_by_id(doc, trimmed_text(identifier));
    if (!is_element(selection.token, xns::saml, "Assertion") || selection.token->parent != security) {
      return input_error("wssec.key", "the KeyIdentifier does not name a saml:Assertion in this Security header");
    }
    TRY_ASSIGN(selection.certificate, saml::holder_of_key_certificate(selection.token));
    selection.source = SigningKeySource::SamlHolderOfKey;
    return selection;
  }
  return input_error("wssec.key", "the SecurityTokenReference has neither a Reference nor a KeyIdentifier");
}

Status check_timestamp(VerifiedEnvelope& verified, const VerifyPolicy& policy) {
  auto stamps = child_elements(verified.security, xns::wsu, "Timestamp");
  if (stamps.size() > 1) {
    return input_error("wssec.malformed", "the Security header has more than one Timestamp");
  }
  if (stamps.empty()) {
    if (policy.require_timestamp) {
      return input_error("wssec.timestamp-missing", "the Security header has no wsu:Timestamp");
    }
    return Ok{};
  }
  verified.timestamp = stamps.front();
  if (policy.require_timestamp && !verified.signs(verified.timestamp)) {
    return input_error("wssec.timestamp-not-signed", "the wsu:Timestamp is not covered by the signature");
  }
  xmlNode* created = first_child_element(verified.timestamp, xns::wsu, "Created");
  xmlNode* expires = first_child_element(verified.timestamp, xns::wsu, "Expires");
  if (created == nullptr) {
    return input_error("wssec.malformed", "the wsu:Timestamp has no Created");
  }
  TRY_ASSIGN(verified.created, parse_xml_datetime(trimmed_text(created)));
  if (verified.created > policy.now + policy.clock_skew) {
    return input_error("wssec.timestamp-future", "the Timestamp Created " + trimmed_text(created) +
                                                     " lies in the future (beyond the allowed clock skew)");
  }
  if (expires != nullptr) {
    TRY_ASSIGN(verified.expires, parse_xml_datetime(trimmed_text(expires)));
    if (verified.expires <= policy.now - policy.clock_skew) {
      return input_error("wssec.timestamp-expired", "the message Timestamp expired at " + trimmed_text(expires));
    }
  }
  return Ok{};
}

Status check_signed_headers(const VerifiedEnvelope& verified, const VerifyPolicy& policy) {
  for (const std::string& name : policy.required_signed_headers) {
    auto present = child_elements(verified.header, nullptr, name.c_str());
    if (present.size() != 1) {
      return input_error("wssec.header-not-signed",
                         "header " + name + (present.empty() ? " is missing" : " occurs more than once"));
    }
    if (!verified.signs(present.front())) {
      return input_error("wssec.header-not-signed", "header " + name + " is not covered by the signature");
    }
  }
  return Ok{};
}

Error classify_signature_error(const Error& error) {
  if (error.code == "xmldsig.reference") {
    return input_error("wssec.digest-mismatch", error.message);
  }
  if (error.code == "xmldsig.signature") {
    return input_error("wssec.signature-invalid", "the message signature does not verify with the signing key");
  }
  return input_error("wssec.signature-invalid", error.message);
}

} // namespace

xmlNode* soap_header(xmlDoc* doc) {
  return only_envelope_child(xmlDocGetRootElement(doc), "Header");
}
xmlNode* soap_body(xmlDoc* doc) {
  return only_envelope_child(xmlDocGetRootElement(doc), "Body");
}
xmlNode* security_header(xmlDoc* doc) {
  auto securities = child_elements(soap_header(doc), xns::wsse, "Security");
  return securities.size() == 1 ? securities.front() : nullptr;
}

xmlNode* VerifiedEnvelope::header_element(const char* ns, const char* name) const {
  auto found = child_elements(header, ns, name);
  return found.size() == 1 ? found.front() : nullptr;
}

Status sign_soap_envelope(xmlDoc* doc, const crypto::Identity& identity, const SignOptions& options) {
  xmlNode* security = security_header(doc);
  if (security == nullptr) {
    return internal_error("wssec.no-security", "the envelope has no (single) wsse:Security header to sign into");
  }
  TRY(register_ids(doc));
  TRY_ASSIGN(xmlNode * signature, add_signature_template(security));
  for (const std::string& id : options.references) {
    if (element_by_id(doc, id) == nullptr) {
      return internal_error("wssec.template", "nothing in the envelope has wsu:Id \"" + id + "\"");
    }
    TRY(add_reference(signature, id, false));
  }
  if (!options.str_transform_reference.empty()) {
    TRY(add_str_reference(signature, options.str_transform_reference));
  }
  TRY(add_key_info(signature, options));
  return sign(signature, identity);
}

Result<VerifiedEnvelope> verify_soap_envelope(xmlDoc* doc, const VerifyPolicy& policy) {
  VerifiedEnvelope verified;
  verified.envelope = xmlDocGetRootElement(doc);
  if (!is_envelope(verified.envelope)) {
    return input_error("wssec.malformed", "the document is not a SOAP Envelope");
  }
  verified.header = soap_header(doc);
  verified.body = soap_body(doc);
  if (verified.body == nullptr) {
    return input_error("wssec.malformed", "the Envelope must have exactly one Body");
  }
  if (verified.header == nullptr) {
    return input_error("wssec.no-security", "the Envelope has no (single) Header, so no wsse:Security");
  }
  auto securities = child_elements(verified.header, xns::wsse, "Security");
  if (securities.size() != 1) {
    return input_error(securities.empty() ? "wssec.no-security" : "wssec.malformed",
                       securities.empty() ? "the Header has no wsse:Security" : "the Header has several wsse:Security");
  }
  verified.security = securities.front();
  auto signatures = child_elements(verified.security, xns::ds, "Signature");
  if (signatures.size() != 1) {
    return input_error(signatures.empty() ? "wssec.no-signature" : "wssec.malformed",
                       signatures.empty() ? "the Security header has no ds:Signature"
                                          : "the Security header has more than one ds:Signature");
  }
  TRY(register_ids(doc));
  TRY_ASSIGN(KeySelection key, select_key(doc, signatures.front(), verified.security, policy));
  auto signature = crypto::xml::verify(signatures.front(), key.certificate.get());
  if (!signature) {
    return classify_signature_error(signature.error());
  }
  verified.signature = std::move(signature).value();
  verified.certificate = std::move(key.certificate);
  verified.key_source = key.source;
  (key.source == SigningKeySource::SamlHolderOfKey ? verified.assertion : verified.binary_token) = key.token;
  if (policy.require_signed_body && !verified.signs(verified.body)) {
    return input_error("wssec.body-not-signed", "the SOAP Body is not covered by the signature (an unsigned or "
                                                "substituted Body — possible signature wrapping)");
  }
  if (verified.assertion != nullptr && policy.require_signed_assertion && !verified.signs(verified.assertion)) {
    return input_error("wssec.assertion-not-signed", "the holder-of-key assertion is not covered by the message "
                                                     "signature (no STR-Transform reference to it)");
  }
  TRY(check_timestamp(verified, policy));
  TRY(check_signed_headers(verified, policy));
  return verified;
}

} // namespace klarmeld::wssec
