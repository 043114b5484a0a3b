#include "interfaces/wssec/oioidws_envelope.hpp"

#include "crypto/random.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/wssec/ws_names.hpp"

namespace klarmeld::wssec {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

std::string without_declaration(std::string xml) {
  if (xml.rfind("<?xml", 0) == 0) {
    auto end = xml.find("?>");
    xml.erase(0, end == std::string::npos ? xml.size() : end + 2);
  }
  return xml;
}

// The signed envelope goes through libxml2's serialiser, which may respell the token in ways exclusive
// C14N ignores (quotes, empty-element tags, character references). Put the token's own bytes back so
// what goes over the wire is exactly what the STS issued (issue #15, defect 1); the holder's
// STR-Transform digest is over the canonical form, which both spellings share. The token's element
// gives way to a comment no other part can contain (a fresh UUID) before serialising, so its place is
// found without parsing the signed envelope again.
Result<std::string> serialize_with_token_verbatim(xmlDoc* doc, const std::string& assertion_xml) {
  xmlNode* assertion = first_child_element(security_header(doc), xns::saml, "Assertion");
  if (assertion == nullptr) {
    return internal_error("oioidws.assertion", "the signed request lost its assertion");
  }
  const std::string marker_text = "klarmeld-token-" + crypto::random_uuid();
  xmlNode* marker = xmlNewDocComment(doc, as_xml(marker_text.c_str()));
  if (marker == nullptr) {
    return internal_error("oioidws.assertion", "could not mark the token's place");
  }
  xmlReplaceNode(assertion, marker);
  xmlFreeNode(assertion);
  std::string xml = serialize_document(doc);
  const std::string marker_xml = "<!--" + marker_text + "-->";
  const size_t at = xml.find(marker_xml);
  if (at == std::string::npos || xml.find(marker_xml, at + 1) != std::string::npos) {
    return internal_error("oioidws.assertion", "the token's place is not marked exactly once");
  }
  xml.replace(at, marker_xml.size(), without_declaration(assertion_xml));
  return xml;
}

} // namespace

std::vector<std::string> oioidws_required_signed_headers() {
  return {"Action", "MessageID", "To"};
}

Result<OioidwsEnvelope> build_oioidws_envelope(const OioidwsRequest& request) {
  OioidwsEnvelope envelope;
  envelope.message_id = request.message_id.empty() ? "urn:uuid:" + crypto::random_uuid() : request.message_id;
  std::string transaction = request.transaction_uuid.empty() ? crypto::random_uuid() : request.transaction_uuid;
  // SOAP 1.1 §4.2.3 allows only "1"/"0" for mustUnderstand; SOAP 1.2 Part 1 §5.2.3 takes xs:boolean.
  const std::string must_understand =
      request.soap_version == SoapVersion::Soap11 ? "s:mustUnderstand=\"1\"" : "s:mustUnderstand=\"true\"";
  std::string xml = std::string("<s:Envelope xmlns:s=\"") + envelope_namespace(request.soap_version) +
                    "\" xmlns:wsa=\"" + ns::wsa + "\" xmlns:wsu=\"" + xns::wsu + "\" xmlns:wsse=\"" + xns::wsse +
                    "\" xmlns:wsse11=\"" + xns::wsse11 + "\"><s:Header>";
  SignOptions& options = envelope.sign_options;
  options.references = {"body", "action", "msgid", "replyto", "to"};
  if (request.include_framework) {
    // `profile` is qualified in urn:liberty:sb:profile, never bare: all public clients write it so
    // (kombit/tokenservice_oioidws-net LibertyFrameworkHeader.cs and "Misc/SOAP examples/OioIdWsSoap/
    // HelloSignRequest-PrettyPrint.xml", kombit/kosdy_infrastructureSamples-java SbfFrameworkHeader.java,
    // itk-dev/serviceplatformen SF1500XMLBuilder.php). mustUnderstand="1" as KOMBIT's .NET library sets it.
    xml += std::string("<sbf:Framework xmlns:sbf=\"") + ns::sbf + "\" xmlns:sbfprofile=\"" + ns::liberty_profile_ns +
           "\" version=\"2.0\" sbfprofile:profile=\"" + ns::liberty_basic_profile +
           "\" s:mustUnderstand=\"1\" wsu:Id=\"framework\"/>";
    options.references.push_back("framework");
  }
  xml += "<wsa:Action " + must_understand + " wsu:Id=\"action\">" + escape_xml(request.action) + "</wsa:Action>";
  xml += "<wsa:MessageID wsu:Id=\"msgid\">" + escape_xml(envelope.message_id) + "</wsa:MessageID>";
  xml +=
      std::string("<wsa:ReplyTo wsu:Id=\"replyto\"><wsa:Address>") + ns::wsa_anonymous + "</wsa:Address></wsa:ReplyTo>";
  xml += "<wsa:To " + must_understand + " wsu:Id=\"to\">" + escape_xml(request.endpoint_url) + "</wsa:To>";
  if (request.include_request_header) {
    xml += std::string("<RequestHeader xmlns=\"") + ns::kombit_request_header + "\"><TransactionUUID>" + transaction +
           "</TransactionUUID></RequestHeader>";
  }
  xml += "<wsse:Security " + must_understand + ">";
  if (request.include_timestamp) {
    xml += "<wsu:Timestamp wsu:Id=\"ts\"><wsu:Created>" + iso8601_utc_millis(request.now) +
           "</wsu:Created><wsu:Expires>" + iso8601_utc_millis(request.now + request.lifetime) +
           "</wsu:Expires></wsu:Timestamp>";
    options.references.push_back("ts");
  }
  xml += without_declaration(request.assertion_xml);
  xml += "<wsse:SecurityTokenReference wsu:Id=\"str\" wsse11:TokenType=\"" + std::string(xns::saml2_token_type) +
         "\"><wsse:KeyIdentifier ValueType=\"" + xns::saml_id_value_type + "\">@ASSERTION_ID@" +
         "</wsse:KeyIdentifier></wsse:SecurityTokenReference>";
  xml += "</wsse:Security></s:Header><s:Body wsu:Id=\"body\">" + without_declaration(request.body_xml) +
         "</s:Body></s:Envelope>";
  // The assertion ID is read from the assertion itself (never trusted from elsewhere).
  TRY_ASSIGN(XmlDocPtr assertion_doc, parse_untrusted_xml(request.assertion_xml, "assertion"));
  xmlNode* assertion = xmlDocGetRootElement(assertion_doc.get());
  if (!is_element(assertion, xns::saml, "Assertion") || attribute(assertion, "ID").empty()) {
    return input_error("oioidws.assertion", "the token is not a saml:Assertion with an ID");
  }
  envelope.assertion_id = attribute(assertion, "ID");
  xml.replace(xml.find("@ASSERTION_ID@"), 14, escape_xml(envelope.assertion_id));
  TRY_ASSIGN(envelope.doc, parse_untrusted_xml(xml, "OIOIDWS request"));
  options.key_info = KeyReference::SamlKeyIdentifier;
  options.assertion_id = envelope.assertion_id;
  options.str_transform_reference = "str";
  return envelope;
}

Status sign_oioidws_envelope(OioidwsEnvelope& envelope, const crypto::Identity& holder) {
  return sign_soap_envelope(envelope.doc.get(), holder, envelope.sign_options);
}

Result<SignedMessage> build_signed_oioidws_request(const OioidwsRequest& request, const crypto::Identity& holder) {
  TRY_ASSIGN(OioidwsEnvelope envelope, build_oioidws_envelope(request));
  TRY(sign_oioidws_envelope(envelope, holder));
  TRY_ASSIGN(std::string xml, serialize_with_token_verbatim(envelope.doc.get(), request.assertion_xml));
  return SignedMessage{std::move(xml), envelope.message_id};
}

} // namespace klarmeld::wssec
