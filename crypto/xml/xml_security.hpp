// One-time, thread-safe initialisation of libxml2 + libxmlsec1 (OpenSSL backend), hardened for
// untrusted input: xmlsec's default IO callbacks are removed, so no reference can read a file or URL.
// After init the libraries are used with per-call contexts and keys (no shared keys manager).
#pragma once

#include <string>

#include "util/result.hpp"

namespace klarmeld::crypto::xml {

// Idempotent; every entry point of crypto/xml calls it. Fails only if the libraries cannot start.
Status ensure_xml_security();

// The xmlsec error messages collected on this thread since the last call (then cleared);
// used to make signature failures precise. Never contains key material.
std::string take_xmlsec_errors();

} // namespace klarmeld::crypto::xml
