#include "sign/signature_template.hpp"

#include <cctype>

#include "sign/opc_names.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::sign {
namespace {

std::string percent_encode_path(const std::string& part_name) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : part_name) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 0x0f];
    }
  }
  return encoded;
}

std::string digest_method() {
  return std::string("<DigestMethod Algorithm=\"") + names::sha256 + "\"/>";
}

std::string manifest_reference(const ManifestEntry& entry) {
  std::string xml =
      "<Reference URI=\"" + escape_xml_canonical(manifest_uri(entry.part_name, entry.content_type)) + "\">";
  if (entry.relationships) {
    // ECMA-376-2 §13.2.4.24: the RelationshipTransform selects the listed relationships, then C14N.
    xml += "<Transforms><Transform Algorithm=\"";
    xml += names::relationship_transform;
    xml += "\">";
    for (const std::string& id : entry.relationship_ids) {
      xml += "<mdssi:RelationshipReference xmlns:mdssi=\"";
      xml += names::digital_signature_namespace;
      xml += "\" SourceId=\"" + escape_xml_canonical(id) + "\"/>";
    }
    xml += "</Transform><Transform Algorithm=\"";
    xml += names::c14n;
    xml += "\"/></Transforms>";
  }
  xml += digest_method() + "<DigestValue></DigestValue></Reference>";
  return xml;
}

std::string signed_info() {
  std::string xml = "<SignedInfo><CanonicalizationMethod Algorithm=\"";
  xml += names::c14n;
  xml += "\"/><SignatureMethod Algorithm=\"";
  xml += names::rsa_sha256;
  xml += "\"/>";
  xml += std::string("<Reference Type=\"") + names::dsig_object_type + "\" URI=\"#" + names::package_object_id + "\">" +
         digest_method() + "<DigestValue></DigestValue></Reference>";
  xml += std::string("<Reference Type=\"") + names::dsig_object_type + "\" URI=\"#" + names::office_object_id + "\">" +
         digest_method() + "<DigestValue></DigestValue></Reference>";
  xml += std::string("<Reference Type=\"") + names::xades_signed_properties_type + "\" URI=\"#" +
         names::signed_properties_id + "\"><Transforms><Transform Algorithm=\"" + names::c14n + "\"/></Transforms>" +
         digest_method() + "<DigestValue></DigestValue></Reference>";
  xml += "</SignedInfo>";
  return xml;
}

std::string key_info(const SignatureTemplate& input) {
  std::string xml = "<KeyInfo><X509Data>";
  for (const std::string& certificate : input.certificates_base64) {
    xml += "<X509Certificate>" + certificate + "</X509Certificate>";
  }
  xml += "</X509Data></KeyInfo>";
  return xml;
}

std::string package_object(const SignatureTemplate& input) {
  std::string xml = std::string("<Object Id=\"") + names::package_object_id + "\"><Manifest>";
  for (const ManifestEntry& entry : input.entries) {
    xml += manifest_reference(entry);
  }
  xml += "</Manifest>";
  // ECMA-376-2 §13.2.4.19-20: the signing time as a signature property.
  xml += std::string("<SignatureProperties><SignatureProperty Id=\"idSignatureTime\" Target=\"#") +
         names::signature_id + "\"><mdssi:SignatureTime xmlns:mdssi=\"" + names::digital_signature_namespace +
         "\"><mdssi:Format>YYYY-MM-DDThh:mm:ssTZD</mdssi:Format><mdssi:Value>" +
         escape_xml_canonical(input.signing_time) +
         "</mdssi:Value></mdssi:SignatureTime></SignatureProperty></SignatureProperties></Object>";
  return xml;
}

std::string office_object(const SignatureTemplate& input) {
  // [MS-OFFCRYPTO] §2.5.2.5 SignatureInfoV1, elements in schema order. The display fields carry
  // neutral values: office suites show the signature without them mattering.
  std::string xml = std::string("<Object Id=\"") + names::office_object_id +
                    "\"><SignatureProperties><SignatureProperty Id=\"idOfficeV1Details\" Target=\"#" +
                    names::signature_id + "\"><SignatureInfoV1 xmlns=\"" + names::office_digsig_namespace + "\">";
  xml += "<SetupID></SetupID><SignatureText></SignatureText><SignatureImage/>";
  xml += "<SignatureComments>" + escape_xml_canonical(input.comment) + "</SignatureComments>";
  xml += "<WindowsVersion>10.0</WindowsVersion><OfficeVersion>16.0</OfficeVersion>"
         "<ApplicationVersion>16.0</ApplicationVersion><Monitors>1</Monitors>"
         "<HorizontalResolution>1920</HorizontalResolution><VerticalResolution>1080</VerticalResolution>"
         "<ColorDepth>32</ColorDepth><SignatureProviderId>{00000000-0000-0000-0000-000000000000}</SignatureProviderId>"
         "<SignatureProviderUrl></SignatureProviderUrl><SignatureProviderDetails>9</SignatureProviderDetails>"
         "<SignatureType>1</SignatureType>";
  xml += std::string("<ManifestHashAlgorithm>") + names::sha256 + "</ManifestHashAlgorithm>";
  xml += "</SignatureInfoV1></SignatureProperty></SignatureProperties></Object>";
  return xml;
}

std::string xades_object(const SignatureTemplate& input) {
  // ETSI TS 101 903 §7.2: SigningTime, SigningCertificate (digest + issuer/serial), implied policy.
  std::string xml = std::string("<Object><xd:QualifyingProperties xmlns:xd=\"") + names::xades_namespace +
                    "\" Target=\"#" + names::signature_id + "\"><xd:SignedProperties Id=\"" +
                    names::signed_properties_id + "\"><xd:SignedSignatureProperties>";
  xml += "<xd:SigningTime>" + escape_xml_canonical(input.signing_time) + "</xd:SigningTime>";
  xml += "<xd:SigningCertificate><xd:Cert><xd:CertDigest>" + digest_method() + "<DigestValue>" +
         input.certificate_digest_base64 + "</DigestValue></xd:CertDigest><xd:IssuerSerial><X509IssuerName>" +
         escape_xml_canonical(input.issuer_name) + "</X509IssuerName><X509SerialNumber>" +
         escape_xml_canonical(input.serial_number) +
         "</X509SerialNumber></xd:IssuerSerial></xd:Cert></xd:SigningCertificate>";
  xml += "<xd:SignaturePolicyIdentifier><xd:SignaturePolicyImplied/></xd:SignaturePolicyIdentifier>";
  xml += "</xd:SignedSignatureProperties></xd:SignedProperties></xd:QualifyingProperties></Object>";
  return xml;
}

} // namespace

std::string manifest_uri(const std::string& part_name, const std::string& content_type) {
  return "/" + percent_encode_path(part_name) + "?ContentType=" + content_type;
}

std::string build_signature_xml(const SignatureTemplate& input) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += std::string("<Signature xmlns=\"") + names::dsig_namespace + "\" Id=\"" + names::signature_id + "\">";
  xml += signed_info();
  xml += "<SignatureValue></SignatureValue>";
  xml += key_info(input);
  xml += package_object(input);
  xml += office_object(input);
  xml += xades_object(input);
  xml += "</Signature>";
  return xml;
}

} // namespace klarmeld::sign
