// libxmlsec1 for package signatures: the one-time setup and the only way xmlsec may read anything
// outside the signature — package parts served from memory. Parsing, IDs, keys and serialising are
// crypto/xml's (safe_parse.hpp, xml_tree.hpp, xml_keys.hpp), shared with the protocol code.
#pragma once

#include "sign/package.hpp"
#include "util/result.hpp"

namespace klarmeld::sign {

// Idempotent. Initialises xmlsec (crypto/xml::ensure_xml_security), removes every default IO
// callback (no file:// or http:// reads) and registers the package-part resolver.
Status ensure_xmlsec();

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

} // namespace klarmeld::sign
