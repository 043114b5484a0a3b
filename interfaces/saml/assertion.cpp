#include "interfaces/saml/assertion.hpp"

#include <openssl/x509.h>

#include "crypto/xml/encoding.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/saml/holder_of_key.hpp"
#include "util/base64.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

std::string subject_of(X509* certificate) {
  crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string attribute_xml(const std::string& name, const std::vector<std::string>& values) {
  std::string xml = "<saml:Attribute Name=\"" + escape_xml(name) + "\" NameFormat=\"" + name_format_basic + "\">";
  for (const std::string& value : values) {
    xml += "<saml:AttributeValue xsi:type=\"xs:string\">" + escape_xml(value) + "</saml:AttributeValue>";
  }
  return xml + "</saml:Attribute>";
}

} // namespace

std::string oio_bpp_privilege_list(const std::string& cvr, const std::vector<std::string>& privileges) {
  std::string xml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><bpp:PrivilegeList xmlns:bpp=\"") +
                    oio_bpp_namespace +
                    "\"><PrivilegeGroup Scope=\"urn:dk:gov:saml:cvrNumberIdentifier:" + escape_xml(cvr) + "\">";
  for (const std::string& privilege : privileges) {
    xml += "<Privilege>" + escape_xml(privilege) + "</Privilege>";
  }
  return xml + "</PrivilegeGroup></bpp:PrivilegeList>";
}

Result<XmlDocPtr> build_assertion(const AssertionSpec& spec) {
  if (spec.holder_certificate == nullptr) {
    return internal_error("saml.build", "a holder-of-key assertion needs the holder's certificate");
  }
  std::string id = spec.id.empty() ? new_xml_id("_") : spec.id;
  TimePoint not_before = spec.not_before == TimePoint{} ? spec.issue_instant : spec.not_before;
  TimePoint not_after = spec.not_on_or_after == TimePoint{} ? not_before + std::chrono::hours(8) : spec.not_on_or_after;
  std::string name_id = spec.subject_name_id.empty() ? subject_of(spec.holder_certificate) : spec.subject_name_id;
  std::string xml = std::string("<saml:Assertion xmlns:saml=\"") + xns::saml + "\" xmlns:xsi=\"" + xns::xsi +
                    "\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" ID=\"" + escape_xml(id) +
                    "\" Version=\"2.0\" IssueInstant=\"" + iso8601_utc_millis(spec.issue_instant) + "\">";
  xml += "<saml:Issuer>" + escape_xml(spec.issuer) + "</saml:Issuer>";
  xml += std::string("<saml:Subject><saml:NameID Format=\"") + name_id_x509_subject + "\">" + escape_xml(name_id) +
         "</saml:NameID>";
  xml += std::string("<saml:SubjectConfirmation Method=\"") + holder_of_key_method + "\">";
  xml += std::string("<saml:SubjectConfirmationData xsi:type=\"saml:KeyInfoConfirmationDataType\" Recipient=\"") +
         escape_xml(spec.audience) + "\">";
  xml += std::string("<ds:KeyInfo xmlns:ds=\"") + xns::ds + "\"><ds:X509Data><ds:X509Certificate>" +
         crypto::to_base64_der(spec.holder_certificate) + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>";
  xml += "</saml:SubjectConfirmationData></saml:SubjectConfirmation></saml:Subject>";
  xml += "<saml:Conditions NotBefore=\"" + iso8601_utc_millis(not_before) + "\" NotOnOrAfter=\"" +
         iso8601_utc_millis(not_after) + "\"><saml:AudienceRestriction><saml:Audience>" + escape_xml(spec.audience) +
         "</saml:Audience></saml:AudienceRestriction></saml:Conditions>";
  xml += "<saml:AuthnStatement AuthnInstant=\"" + iso8601_utc_millis(spec.issue_instant) +
         "\"><saml:AuthnContext><saml:AuthnContextClassRef>" + authn_context_x509 +
         "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>";
  xml += "<saml:AttributeStatement>";
  xml += attribute_xml(attr_spec_ver, {spec.spec_ver});
  xml += attribute_xml(attr_kombit_spec_ver, {spec.kombit_spec_ver});
  xml += attribute_xml(attr_assurance_level, {spec.assurance_level});
  xml += attribute_xml(attr_cvr, {spec.cvr});
  if (!spec.privileges.empty()) {
    xml += attribute_xml(attr_privileges, {base64_encode(oio_bpp_privilege_list(spec.cvr, spec.privileges))});
  }
  for (const AssertionAttribute& extra : spec.extra_attributes) {
    xml += attribute_xml(extra.name, extra.values);
  }
  xml += "</saml:AttributeStatement></saml:Assertion>";
  return parse_untrusted_xml(xml, "assertion");
}

Status sign_assertion(xmlNode* assertion, const crypto::Identity& signer) {
  if (!is_element(assertion, xns::saml, "Assertion")) {
    return internal_error("saml.sign", "not a saml:Assertion");
  }
  xmlNode* issuer = first_child_element(assertion, xns::saml, "Issuer");
  xmlNode* after_issuer = issuer != nullptr ? xmlNextElementSibling(issuer) : nullptr;
  TRY_ASSIGN(xmlNode * signature, add_signature_template(assertion, after_issuer));
  TRY(add_reference(signature, attribute(assertion, "ID"), true));
  TRY(add_x509_key_info(signature));
  return sign(signature, signer);
}

Result<std::string> issue_assertion(const AssertionSpec& spec, const crypto::Identity& signer) {
  TRY_ASSIGN(XmlDocPtr doc, build_assertion(spec));
  xmlNode* assertion = xmlDocGetRootElement(doc.get());
  TRY(sign_assertion(assertion, signer));
  return serialize_element(assertion);
}

} // namespace klarmeld::saml
