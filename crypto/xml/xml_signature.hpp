// XML-DSig building blocks on xmlsec, restricted to the profile KOMBIT uses (§2.1, §2.2, §3.1):
// exclusive C14N, RSA-SHA256, SHA-256 digests, same-document references only. Templates are built
// with xmlsec's template API; signing and verification are xmlsec's.
#pragma once

#include <string>
#include <vector>

#include <libxml/tree.h>

#include "crypto/identity.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto::xml {

// RSA-SHA256 with SHA-256 digests is the profile. RSA-SHA1 with SHA-1 digests exists only to forge
// what a relying party must refuse (saml.sso case sha1, issue #16); verify() never accepts it.
enum class SignatureAlgorithm { RsaSha256, RsaSha1Forgery };

// <ds:Signature> with SignedInfo (exc-c14n, rsa-sha256), appended to `parent` or inserted before
// `before` (a child of parent).
Result<xmlNode*> add_signature_template(xmlNode* parent, xmlNode* before = nullptr,
                                        SignatureAlgorithm algorithm = SignatureAlgorithm::RsaSha256);
// <ds:Reference URI="#id"> with [enveloped-signature,] exc-c14n, sha256 (sha1 for the forgery).
Result<xmlNode*> add_reference(xmlNode* signature, const std::string& id, bool enveloped,
                               SignatureAlgorithm algorithm = SignatureAlgorithm::RsaSha256);
// <ds:Reference URI="#str_id"> with STR-Transform (TransformationParameters: exc-c14n), sha256.
Result<xmlNode*> add_str_reference(xmlNode* signature, const std::string& str_id);
// <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>: xmlsec writes the signer's certificate there.
Status add_x509_key_info(xmlNode* signature);
// An empty <ds:KeyInfo>, for callers that put a wsse:SecurityTokenReference in it.
Result<xmlNode*> ensure_key_info(xmlNode* signature);

// Computes digests and the signature value with the identity's key. IDs are registered first.
Status sign(xmlNode* signature, const Identity& identity);

struct SignedReference {
  std::string uri;
  xmlNode* node = nullptr;         // the element the URI resolved to
  xmlNode* dereferenced = nullptr; // STR-Transform references: the saml:Assertion actually digested
};

struct VerifiedSignature {
  std::vector<SignedReference> references;

  // True when `node` itself (pointer identity, not a look-alike) is what a reference digested.
  bool covers(const xmlNode* node) const;
};

// Verifies `signature` with exactly `certificate`'s public key (KeyInfo is not trusted for the key).
// Error codes: xmldsig.reference (a digest does not match: names the URI), xmldsig.signature (the
// SignatureValue does not verify), xmldsig.malformed (unsupported algorithm/transform/URI …).
Result<VerifiedSignature> verify(xmlNode* signature, X509* certificate);

} // namespace klarmeld::crypto::xml
