// Verifies one signature part of a package: XML-DSig core validation through xmlsec, then every
// Manifest reference on its own (xmlsec does not fail on a bad Manifest digest), coverage of every
// signable part and relationship, content types, the XAdES signing certificate, and the chain.
#pragma once

#include <string>
#include <vector>

#include "crypto/handles.hpp"
#include "sign/content_types.hpp"
#include "sign/package.hpp"
#include "sign/verification.hpp"

namespace klarmeld::sign {

SignatureReport verify_signature_part(const Package& package, const ContentTypes& content_types,
                                      const std::string& signature_part,
                                      const std::vector<crypto::X509Ptr>& trust_anchors);

} // namespace klarmeld::sign
