// The WS-Security STR-Transform (OASIS WSS SOAP Message Security 1.1 §8.3) as an xmlsec transform.
//
// libxmlsec1 1.2.37 does not implement STR-Transform, and OIOIDWS (KOMBIT §3.1) signs the SAML
// assertion through it: the ds:Reference points at a wsse:SecurityTokenReference, and the digest is
// over the *dereferenced* token. We register a transform that does only the dereference — resolve the
// STR's wsse:KeyIdentifier (ValueType …#SAMLID) to the saml:Assertion with that registered ID in the
// same document — and hands the assertion's subtree to xmlsec's own exclusive C14N transform, which
// writes into the digest. TransformationParameters must name exc-c14n (the only method WSS allows us
// to honour here). Verification therefore runs entirely inside xmlsec, like any other reference.
#pragma once

#include <libxml/tree.h>
#include <xmlsec/transforms.h>

#include "util/result.hpp"

namespace klarmeld::crypto::xml {

xmlSecTransformId str_transform_id();
Status register_str_transform(); // called once by ensure_xml_security()

// The saml:Assertion a wsse:SecurityTokenReference points at (KeyIdentifier SAMLID or
// Reference URI="#id"), by registered ID in the STR's document; nullptr if it does not resolve.
xmlNode* dereference_security_token_reference(xmlNode* str);

} // namespace klarmeld::crypto::xml
