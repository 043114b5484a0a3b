#include "interfaces/saml/logout.hpp"

#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/http/percent_encoding.hpp"
#include "interfaces/saml/enveloped_signature.hpp"
#include "util/base64.hpp"
#include "util/time.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

std::string protocol_open(const char* element, const std::string& id, TimePoint instant,
                          const std::string& destination) {
  return std::string("<samlp:") + element + " xmlns:samlp=\"" + xns::samlp + "\" xmlns:saml=\"" + xns::saml +
         "\" ID=\"" + escape_xml(id) + "\" Version=\"2.0\" IssueInstant=\"" + iso8601_utc_millis(instant) +
         "\" Destination=\"" + escape_xml(destination) + "\"";
}

// Enveloped signature right after saml:Issuer (SAML core §3.2.1 / §3.2.2 element order).
Result<std::string> sign_protocol_message(const std::string& xml, const crypto::Identity& signer) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "logout message"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  xmlNode* issuer = first_child_element(root, xns::saml, "Issuer");
  TRY_ASSIGN(xmlNode * signature,
             add_signature_template(root, issuer != nullptr ? xmlNextElementSibling(issuer) : nullptr));
  TRY(add_reference(signature, attribute(root, "ID"), true));
  TRY(add_x509_key_info(signature));
  TRY(sign(signature, signer));
  return serialize_document(doc.get());
}

std::string html_unescape(std::string text) {
  for (auto [from, to] : {std::pair<const char*, const char*>{"&#43;", "+"},
                          {"&#x2B;", "+"},
                          {"&#61;", "="},
                          {"&#x3D;", "="},
                          {"&#47;", "/"},
                          {"&#x2F;", "/"},
                          {"&amp;", "&"}}) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, std::string_view(from).size(), to);
      at += std::string_view(to).size();
    }
  }
  return text;
}

} // namespace

std::string build_logout_request(const LogoutRequestSpec& spec) {
  std::string id = spec.id.empty() ? new_xml_id("_") : spec.id;
  std::string xml = protocol_open("LogoutRequest", id, spec.issue_instant, spec.destination) + ">";
  xml += "<saml:Issuer>" + escape_xml(spec.issuer) + "</saml:Issuer>";
  xml +=
      "<saml:NameID Format=\"" + escape_xml(spec.name_id_format) + "\">" + escape_xml(spec.name_id) + "</saml:NameID>";
  if (!spec.session_index.empty()) {
    xml += "<samlp:SessionIndex>" + escape_xml(spec.session_index) + "</samlp:SessionIndex>";
  }
  xml += "</samlp:LogoutRequest>";
  return xml;
}

Result<std::string> build_signed_logout_request(const LogoutRequestSpec& spec, const crypto::Identity& signer) {
  return sign_protocol_message(build_logout_request(spec), signer);
}

Result<std::string> build_signed_logout_response(const LogoutResponseSpec& spec, const crypto::Identity& signer) {
  std::string id = spec.id.empty() ? new_xml_id("_") : spec.id;
  std::string xml = protocol_open("LogoutResponse", id, spec.issue_instant, spec.destination) + " InResponseTo=\"" +
                    escape_xml(spec.in_response_to) + "\">";
  xml += "<saml:Issuer>" + escape_xml(spec.issuer) + "</saml:Issuer>";
  xml += "<samlp:Status><samlp:StatusCode Value=\"" + escape_xml(spec.status_code) + "\"";
  xml += spec.status_detail.empty()
             ? "/>"
             : "><samlp:StatusCode Value=\"" + escape_xml(spec.status_detail) + "\"/></samlp:StatusCode>";
  if (!spec.status_message.empty()) {
    xml += "<samlp:StatusMessage>" + escape_xml(spec.status_message) + "</samlp:StatusMessage>";
  }
  xml += "</samlp:Status>";
  xml += "</samlp:LogoutResponse>";
  return sign_protocol_message(xml, signer);
}

Result<LogoutMessage> read_logout_message(std::string_view xml, const LogoutVerifyPolicy& policy) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "logout message"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  LogoutMessage message;
  message.is_request = is_element(root, xns::samlp, "LogoutRequest");
  if (!message.is_request && !is_element(root, xns::samlp, "LogoutResponse")) {
    return input_error("saml.malformed",
                       "expected samlp:LogoutRequest or samlp:LogoutResponse, got <" + local_name(root) + ">");
  }
  if (!policy.signed_by_binding) {
    const char* what = message.is_request ? "LogoutRequest" : "LogoutResponse";
    TRY_ASSIGN(SignatureCheck check,
               verify_enveloped_signature(root, policy.trusted_signers, policy.allow_embedded_key, what));
    message.signer_trusted = check.trusted_signer != nullptr;
    message.signer = check.trusted_signer != nullptr ? crypto::X509Ptr(X509_dup(check.trusted_signer))
                                                     : std::move(check.embedded_signer);
  }
  message.id = attribute(root, "ID");
  message.destination = attribute(root, "Destination");
  message.in_response_to = attribute(root, "InResponseTo");
  message.issuer = trimmed_text(first_child_element(root, xns::saml, "Issuer"));
  if (auto instant = parse_xml_datetime(attribute(root, "IssueInstant"))) {
    message.issue_instant = *instant;
  }
  message.name_id = trimmed_text(first_child_element(root, xns::saml, "NameID"));
  message.session_index = trimmed_text(first_child_element(root, xns::samlp, "SessionIndex"));
  xmlNode* status = first_child_element(root, xns::samlp, "Status");
  xmlNode* top_code = first_child_element(status, xns::samlp, "StatusCode");
  message.status_code = attribute(top_code, "Value");
  message.status_detail = attribute(first_child_element(top_code, xns::samlp, "StatusCode"), "Value");
  message.status_message = trimmed_text(first_child_element(status, xns::samlp, "StatusMessage"));
  return message;
}

std::string post_binding_form_body(const std::string& field, const std::string& xml, const std::string& relay_state) {
  std::string body = field + "=" + http::percent_encode(base64_encode(xml));
  if (!relay_state.empty()) {
    body += "&RelayState=" + http::percent_encode(relay_state);
  }
  return body;
}

Result<std::string> saml_message_from_post_binding(std::string_view body, const std::string& field) {
  std::string encoded;
  // An HTML form: <input type="hidden" name="SAMLResponse" value="…"/>
  std::string text(body);
  auto name_at = text.find("name=\"" + field + "\"");
  if (name_at != std::string::npos) {
    auto tag_start = text.rfind('<', name_at);
    tag_start = tag_start == std::string::npos ? 0 : tag_start; // hostile text: no tag opened
    auto tag_end = text.find('>', name_at);
    std::string tag = text.substr(tag_start, tag_end - tag_start);
    auto value_at = tag.find("value=\"");
    if (value_at != std::string::npos) {
      auto value_end = tag.find('"', value_at + 7);
      encoded = html_unescape(tag.substr(value_at + 7, value_end - value_at - 7));
    }
  } else {
    // A form-encoded body: SAMLResponse=…&RelayState=…
    for (size_t start = 0; start <= text.size();) {
      auto end = text.find('&', start);
      std::string pair = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (pair.rfind(field + "=", 0) == 0) {
        // A malformed escape is kept as it is: the base64 decoding below then names the field.
        std::string_view value = std::string_view(pair).substr(field.size() + 1);
        encoded = http::percent_decode(value, true).value_or(std::string(value));
      }
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
  }
  if (encoded.empty()) {
    return input_error("saml.binding", "no " + field + " field in the HTTP-POST binding answer");
  }
  return base64_decode(encoded, field);
}

} // namespace klarmeld::saml
