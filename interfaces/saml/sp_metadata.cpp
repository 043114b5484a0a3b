#include "interfaces/saml/sp_metadata.hpp"

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "util/xs_types.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;

const SloEndpoint* SpMetadata::slo_for(const char* binding) const {
  for (const SloEndpoint& endpoint : single_logout) {
    if (endpoint.binding == binding) {
      return &endpoint;
    }
  }
  return nullptr;
}

Result<SpMetadata> read_sp_metadata(std::string_view xml) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, "SP metadata", size_t{1} << 20));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  xmlNode* descriptor = is_element(root, md_namespace, "EntityDescriptor")
                            ? first_child_element(root, md_namespace, "SPSSODescriptor")
                            : first_descendant(root, md_namespace, "SPSSODescriptor");
  if (descriptor == nullptr) {
    return input_error("saml.metadata", "the metadata has no SPSSODescriptor");
  }
  SpMetadata metadata;
  metadata.entity_id = attribute(descriptor->parent, "entityID");
  for (xmlNode* slo : child_elements(descriptor, md_namespace, "SingleLogoutService")) {
    // xs:anyURI attributes (whiteSpace collapse, XML Schema Part 2 §3.2.17).
    metadata.single_logout.push_back({xs_collapse(attribute(slo, "Binding")), xs_collapse(attribute(slo, "Location")),
                                      xs_collapse(attribute(slo, "ResponseLocation"))});
  }
  for (xmlNode* acs : child_elements(descriptor, md_namespace, "AssertionConsumerService")) {
    metadata.assertion_consumers.push_back(
        {xs_collapse(attribute(acs, "Binding")), xs_collapse(attribute(acs, "Location"))});
  }
  for (xmlNode* key : child_elements(descriptor, md_namespace, "KeyDescriptor")) {
    // md:KeyTypes is an enumeration of xs:string: whitespace is preserved, so no collapsing here.
    const std::string use = attribute(key, "use");
    for (xmlNode* certificate : descendants(key, ns::ds, "X509Certificate")) {
      auto parsed = certificate_from_base64(trimmed_text(certificate), "SP metadata KeyDescriptor");
      if (!parsed) {
        continue;
      }
      if ((use.empty() || use == "encryption") && X509_up_ref(parsed->get()) == 1) {
        metadata.encryption_certificates.emplace_back(parsed->get());
      }
      if (use.empty() || use == "signing") {
        metadata.signing_certificates.push_back(std::move(parsed).value());
      }
    }
    if (use.empty() || use == "encryption") {
      for (xmlNode* method : child_elements(key, md_namespace, "EncryptionMethod")) {
        metadata.encryption_methods.push_back(xs_collapse(attribute(method, "Algorithm")));
      }
    }
  }
  return metadata;
}

} // namespace klarmeld::saml
