// libxml2/libxmlsec1 for package signatures: one-time init, RAII handles, a hardened parser, and the
// only way xmlsec may read anything outside the signature — package parts served from memory.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <libxml/tree.h>
#include <openssl/evp.h>
#include <xmlsec/keys.h>
#include <xmlsec/xmldsig.h>

#include "crypto/handles.hpp"
#include "sign/package.hpp"
#include "util/result.hpp"

namespace klarmeld::sign {

using XmlDocPtr = std::unique_ptr<xmlDoc, crypto::Deleter<xmlFreeDoc>>;
using DSigCtxPtr = std::unique_ptr<xmlSecDSigCtx, crypto::Deleter<xmlSecDSigCtxDestroy>>;
using DSigReferenceCtxPtr = std::unique_ptr<xmlSecDSigReferenceCtx, crypto::Deleter<xmlSecDSigReferenceCtxDestroy>>;
using XmlSecKeyPtr = std::unique_ptr<xmlSecKey, crypto::Deleter<xmlSecKeyDestroy>>;

// Idempotent. Initialises xmlsec (crypto/xml::ensure_xml_security), removes every default IO
// callback (no file:// or http:// reads) and registers the package-part resolver.
Status ensure_xmlsec();
// xmlsec's error messages collected on this thread since the last call.
std::string take_xmlsec_errors();

// While alive, xmlsec resolves URIs "/part/name?ContentType=…" against this package (this thread only).
// ECMA-376-2 §13.2.4.6: Manifest references name parts by absolute part name plus the content type query.
class ServePackageParts {
public:
  explicit ServePackageParts(const Package& package);
  ~ServePackageParts();
  ServePackageParts(const ServePackageParts&) = delete;
  ServePackageParts& operator=(const ServePackageParts&) = delete;

private:
  const Package* m_previous;
};

// Parses untrusted XML: no network, no entity substitution, no DTD loading; a DOCTYPE is refused.
Result<XmlDocPtr> parse_untrusted_xml(std::string_view xml, const std::string& origin);
// Registers every Id attribute so "#id" references resolve; fails on a duplicate Id (signature wrapping).
Status register_ids(xmlDoc* document, const std::string& origin);
// An xmlsec key holding (a reference to) this OpenSSL key.
Result<XmlSecKeyPtr> make_xmlsec_key(EVP_PKEY* key);
// The document as bytes, exactly as signed (no reformatting).
std::string serialize_xml(xmlDoc* document);

} // namespace klarmeld::sign
