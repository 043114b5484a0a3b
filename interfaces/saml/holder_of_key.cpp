#include "interfaces/saml/holder_of_key.hpp"

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;

Result<crypto::X509Ptr> holder_of_key_certificate(xmlNode* assertion) {
  xmlNode* subject = first_child_element(assertion, ns::saml, "Subject");
  for (xmlNode* confirmation : child_elements(subject, ns::saml, "SubjectConfirmation")) {
    if (attribute(confirmation, "Method") != holder_of_key_method) {
      continue;
    }
    xmlNode* data = first_child_element(confirmation, ns::saml, "SubjectConfirmationData");
    xmlNode* key_info = first_child_element(data, ns::ds, "KeyInfo");
    xmlNode* x509_data = first_child_element(key_info, ns::ds, "X509Data");
    xmlNode* certificate = first_child_element(x509_data, ns::ds, "X509Certificate");
    if (certificate != nullptr) {
      return certificate_from_base64(trimmed_text(certificate), "holder-of-key X509Certificate");
    }
  }
  return input_error("saml.holder-of-key",
                     "the assertion has no holder-of-key SubjectConfirmation carrying an X509Certificate");
}

} // namespace klarmeld::saml
