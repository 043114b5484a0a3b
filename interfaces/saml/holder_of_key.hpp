// The holder-of-key certificate of a SAML 2.0 assertion (SAML 2.0 Holder-of-Key Assertion Profile
// §2.5; KOMBIT §2.2): Subject/SubjectConfirmation[Method=holder-of-key]/SubjectConfirmationData/
// ds:KeyInfo/ds:X509Data/ds:X509Certificate.
#pragma once

#include <libxml/tree.h>

#include "crypto/handles.hpp"
#include "util/result.hpp"

namespace klarmeld::saml {

inline constexpr const char* holder_of_key_method = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";

// Error code saml.holder-of-key when the assertion has no holder-of-key confirmation with a certificate.
Result<crypto::X509Ptr> holder_of_key_certificate(xmlNode* assertion);

} // namespace klarmeld::saml
