#include "crypto/xml/xml_signature.hpp"

#include <xmlsec/crypto.h>
#include <xmlsec/list.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmltree.h>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/reference_resolution.hpp"
#include "crypto/xml/str_transform.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_security.hpp"
#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::crypto::xml {
namespace {

struct PtrListDeleter {
  void operator()(xmlSecPtrListPtr list) const { xmlSecPtrListDestroy(list); }
};
using PtrListPtr = std::unique_ptr<xmlSecPtrList, PtrListDeleter>;

Error template_error(const std::string& what) {
  return internal_error("xmldsig.template", "could not build " + what + ": " + take_xmlsec_errors());
}

// Restrict xmlsec to the algorithms of the profile: anything else (XSLT, XPath, inclusive C14N,
// SHA-1 …) makes verification fail instead of silently widening what a signature can mean.
Status restrict_algorithms(xmlSecDSigCtx& ctx, PtrListPtr& reference_transforms) {
  ctx.enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
  ctx.transformCtx.enabledUris = xmlSecTransformUriTypeSameDocument;
  if (xmlSecPtrListAdd(&ctx.transformCtx.enabledTransforms,
                       const_cast<void*>(static_cast<const void*>(xmlSecTransformExclC14NId))) < 0 ||
      xmlSecPtrListAdd(&ctx.transformCtx.enabledTransforms,
                       const_cast<void*>(static_cast<const void*>(xmlSecTransformRsaSha256Id))) < 0) {
    return internal_error("xmldsig.setup", "could not restrict SignedInfo algorithms");
  }
  reference_transforms.reset(xmlSecPtrListCreate(xmlSecTransformIdListId));
  if (!reference_transforms) {
    return internal_error("xmldsig.setup", "could not allocate the transform list");
  }
  for (xmlSecTransformId id :
       {xmlSecTransformExclC14NId, xmlSecTransformEnvelopedId, xmlSecTransformSha256Id, str_transform_id()}) {
    if (xmlSecPtrListAdd(reference_transforms.get(), const_cast<void*>(static_cast<const void*>(id))) < 0) {
      return internal_error("xmldsig.setup", "could not restrict reference transforms");
    }
  }
  ctx.enabledReferenceTransforms = reference_transforms.get();
  return Ok{};
}

bool uses_str_transform(xmlSecDSigReferenceCtxPtr reference) {
  for (xmlSecTransformPtr transform = reference->transformCtx.first; transform != nullptr;
       transform = transform->next) {
    if (transform->id == str_transform_id()) {
      return true;
    }
  }
  return false;
}

SignedReference describe_reference(xmlDoc* doc, xmlSecDSigReferenceCtxPtr reference) {
  SignedReference signed_reference;
  signed_reference.uri = reference->uri != nullptr ? as_chars(reference->uri) : "";
  if (signed_reference.uri.size() > 1 && signed_reference.uri[0] == '#') {
    signed_reference.node = element_by_id(doc, signed_reference.uri.substr(1));
  }
  if (signed_reference.node != nullptr && uses_str_transform(reference)) {
    signed_reference.dereferenced = dereference_security_token_reference(signed_reference.node);
  }
  return signed_reference;
}

std::string failed_reference_uri(xmlSecDSigCtx& ctx) {
  xmlSecSize count = xmlSecPtrListGetSize(&ctx.signedInfoReferences);
  for (xmlSecSize i = 0; i < count; ++i) {
    auto* reference = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx.signedInfoReferences, i));
    if (reference != nullptr && reference->status != xmlSecDSigStatusSucceeded) {
      return reference->uri != nullptr ? as_chars(reference->uri) : "(no URI)";
    }
  }
  return {};
}

} // namespace

bool VerifiedSignature::covers(const xmlNode* node) const {
  if (node == nullptr) {
    return false;
  }
  for (const SignedReference& reference : references) {
    if (reference.node == node || reference.dereferenced == node) {
      return true;
    }
  }
  return false;
}

Result<xmlNode*> add_signature_template(xmlNode* parent, xmlNode* before, SignatureAlgorithm algorithm) {
  TRY(ensure_xml_security());
  xmlNode* signature = xmlSecTmplSignatureCreateNsPref(
      parent->doc, xmlSecTransformExclC14NId,
      algorithm == SignatureAlgorithm::RsaSha1Forgery ? xmlSecTransformRsaSha1Id : xmlSecTransformRsaSha256Id, nullptr,
      as_xml("ds"));
  if (signature == nullptr) {
    return template_error("ds:Signature");
  }
  xmlNode* added = before != nullptr ? xmlAddPrevSibling(before, signature) : xmlAddChild(parent, signature);
  if (added == nullptr) {
    xmlFreeNode(signature);
    return template_error("ds:Signature placement");
  }
  return added;
}

Result<xmlNode*> add_reference(xmlNode* signature, const std::string& id, bool enveloped,
                               SignatureAlgorithm algorithm) {
  std::string uri = "#" + id;
  xmlNode* reference = xmlSecTmplSignatureAddReference(
      signature, algorithm == SignatureAlgorithm::RsaSha1Forgery ? xmlSecTransformSha1Id : xmlSecTransformSha256Id,
      nullptr, as_xml(uri.c_str()), nullptr);
  if (reference == nullptr) {
    return template_error("ds:Reference " + uri);
  }
  if (enveloped && xmlSecTmplReferenceAddTransform(reference, xmlSecTransformEnvelopedId) == nullptr) {
    return template_error("enveloped transform");
  }
  if (xmlSecTmplReferenceAddTransform(reference, xmlSecTransformExclC14NId) == nullptr) {
    return template_error("exc-c14n transform");
  }
  return reference;
}

Result<xmlNode*> add_str_reference(xmlNode* signature, const std::string& str_id) {
  TRY(ensure_xml_security());
  std::string uri = "#" + str_id;
  xmlNode* reference =
      xmlSecTmplSignatureAddReference(signature, xmlSecTransformSha256Id, nullptr, as_xml(uri.c_str()), nullptr);
  if (reference == nullptr) {
    return template_error("ds:Reference " + uri);
  }
  xmlNode* transform = xmlSecTmplReferenceAddTransform(reference, str_transform_id());
  if (transform == nullptr) {
    return template_error("STR-Transform");
  }
  // WSS SOAP Message Security 1.1 §8.3: the STR-Transform carries the C14N method for the token.
  xmlNs* wsse = xmlNewNs(transform, as_xml(ns::wsse), as_xml("wsse"));
  xmlNode* parameters = xmlNewChild(transform, wsse, as_xml("TransformationParameters"), nullptr);
  xmlNode* method = parameters != nullptr
                        ? xmlNewChild(parameters, signature->ns, as_xml("CanonicalizationMethod"), nullptr)
                        : nullptr;
  if (method == nullptr || xmlSetProp(method, as_xml("Algorithm"), as_xml(ns::exc_c14n)) == nullptr) {
    return template_error("TransformationParameters");
  }
  return reference;
}

Status add_x509_key_info(xmlNode* signature) {
  xmlNode* key_info = xmlSecTmplSignatureEnsureKeyInfo(signature, nullptr);
  if (key_info == nullptr || xmlSecTmplKeyInfoAddX509Data(key_info) == nullptr) {
    return template_error("ds:KeyInfo/ds:X509Data");
  }
  return Ok{};
}

Result<xmlNode*> ensure_key_info(xmlNode* signature) {
  xmlNode* key_info = xmlSecTmplSignatureEnsureKeyInfo(signature, nullptr);
  if (key_info == nullptr) {
    return template_error("ds:KeyInfo");
  }
  return key_info;
}

Status sign(xmlNode* signature, const Identity& identity) {
  TRY(ensure_xml_security());
  TRY(register_ids(signature->doc));
  TRY_ASSIGN(XmlSecKeyPtr key, signing_key(identity));
  DSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) {
    return internal_error("xmldsig.context", "could not create a signature context");
  }
  ctx->signKey = key.release(); // the context owns and frees it
  resolve_references_directly_when_equivalent(*ctx, descendants(signature, ns::ds, "Reference"));
  take_xmlsec_errors();
  if (xmlSecDSigCtxSign(ctx.get(), signature) < 0) {
    return internal_error("xmldsig.sign", "xmlsec could not sign: " + take_xmlsec_errors());
  }
  return Ok{};
}

Result<VerifiedSignature> verify(xmlNode* signature, X509* certificate) {
  TRY(ensure_xml_security());
  if (!is_element(signature, ns::ds, "Signature")) {
    return input_error("xmldsig.malformed", "expected a ds:Signature element");
  }
  TRY(register_ids(signature->doc));
  TRY_ASSIGN(XmlSecKeyPtr key, verification_key(certificate));
  DSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) {
    return internal_error("xmldsig.context", "could not create a signature context");
  }
  PtrListPtr reference_transforms;
  TRY(restrict_algorithms(*ctx, reference_transforms));
  ctx->flags |= XMLSEC_DSIG_FLAGS_STORE_SIGNEDINFO_REFERENCES;
  resolve_references_directly_when_equivalent(*ctx, descendants(signature, ns::ds, "Reference"));
  ctx->signKey = key.release();
  take_xmlsec_errors();
  int rc = xmlSecDSigCtxVerify(ctx.get(), signature);
  ctx->enabledReferenceTransforms = nullptr; // ours; freed by reference_transforms
  if (rc < 0) {
    return input_error("xmldsig.malformed", "the signature could not be processed: " + take_xmlsec_errors());
  }
  if (ctx->status != xmlSecDSigStatusSucceeded) {
    take_xmlsec_errors();
    std::string failed = failed_reference_uri(*ctx);
    if (!failed.empty()) {
      return input_error("xmldsig.reference", "the digest of the signed element " + failed +
                                                  " does not match (it was changed after signing)");
    }
    return input_error("xmldsig.signature", "the signature value does not verify with the signer's certificate");
  }
  VerifiedSignature verified;
  xmlSecSize count = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
  for (xmlSecSize i = 0; i < count; ++i) {
    auto* reference = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
    if (reference != nullptr) {
      verified.references.push_back(describe_reference(signature->doc, reference));
      // Only "#id" references count: an XPointer or other expression selects node sets we cannot
      // hand back by identity, so a signature relying on one is refused rather than half-understood.
      if (verified.references.back().node == nullptr) {
        return input_error("xmldsig.malformed", "reference URI \"" + verified.references.back().uri +
                                                    "\" does not name an element by its ID");
      }
    }
  }
  return verified;
}

} // namespace klarmeld::crypto::xml
