#include "interfaces/saml/enveloped_signature.hpp"

#include <string>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::saml {

using namespace crypto::xml;
namespace xns = crypto::xml::ns;

namespace {

Status check_covers_exactly(const VerifiedSignature& verified, xmlNode* element, const std::string& what) {
  std::string id = attribute(element, "ID");
  if (verified.references.size() != 1 || verified.references.front().uri != "#" + id ||
      verified.references.front().node != element) {
    return input_error("saml.signature-wrapping", "the signature does not cover exactly this " + what +
                                                      " (the signed element is not the one being used)");
  }
  return Ok{};
}

} // namespace

Result<SignatureCheck> verify_enveloped_signature(xmlNode* element, const std::vector<crypto::X509Ptr>* trusted,
                                                  bool allow_embedded_key, const char* what_text) {
  std::string what = what_text;
  TRY(register_ids(element->doc));
  std::string id = attribute(element, "ID");
  if (id.empty() || element_by_id(element->doc, id) != element) {
    return input_error("saml.signature-wrapping", "the " + what + " ID does not resolve to the " + what + " itself");
  }
  auto signatures = child_elements(element, xns::ds, "Signature");
  if (signatures.empty()) {
    return input_error("saml.signature-missing", "the " + what + " is not signed");
  }
  if (signatures.size() > 1) {
    return input_error("saml.signature-wrapping", "the " + what + " carries more than one signature");
  }
  xmlNode* signature = signatures.front();
  crypto::X509Ptr embedded;
  if (xmlNode* certificate =
          first_descendant(first_child_element(signature, xns::ds, "KeyInfo"), xns::ds, "X509Certificate")) {
    auto parsed = certificate_from_base64(trimmed_text(certificate), what + " signature KeyInfo");
    if (parsed) {
      embedded = std::move(parsed).value();
    }
  }
  SignatureCheck check;
  if (trusted == nullptr || trusted->empty()) {
    if (!allow_embedded_key || !embedded) {
      return input_error("saml.untrusted-signer",
                         "no trusted certificate is configured to check the " + what + " signature");
    }
    auto verified = crypto::xml::verify(signature, embedded.get());
    if (!verified) {
      return input_error("saml.signature-invalid",
                         "the " + what + " signature is invalid: " + verified.error().message);
    }
    TRY(check_covers_exactly(*verified, element, what));
    check.embedded_signer = std::move(embedded);
    return check;
  }
  // The KeyInfo certificate only selects among the trusted ones; it is never trusted by itself.
  std::vector<X509*> candidates;
  for (const auto& certificate : *trusted) {
    if (!embedded || same_certificate(certificate.get(), embedded.get())) {
      candidates.push_back(certificate.get());
    }
  }
  if (candidates.empty()) {
    return input_error("saml.untrusted-signer", "the " + what + " is signed by a certificate that is not trusted");
  }
  Error last = input_error("saml.signature-invalid", "the " + what + " signature does not verify");
  for (X509* candidate : candidates) {
    auto verified = crypto::xml::verify(signature, candidate);
    if (!verified) {
      last =
          input_error("saml.signature-invalid", "the " + what + " signature is invalid: " + verified.error().message);
      continue;
    }
    TRY(check_covers_exactly(*verified, element, what));
    check.trusted_signer = candidate;
    return check;
  }
  return last;
}

} // namespace klarmeld::saml
