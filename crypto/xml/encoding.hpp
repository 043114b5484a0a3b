// Base64 decoding with an error naming its origin (encoding is util/base64.hpp), digests by XML-DSig
// algorithm URI, and random xs:IDs for messages (UUIDs come from crypto/random.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld::crypto::xml {

// Whitespace is ignored (XML base64Binary may be wrapped); anything else invalid is an error.
Result<std::string> base64_decode(std::string_view text, const std::string& origin);

// The raw digest of bytes by XML-DSig DigestMethod URI (xmldsig-core §6.2: SHA-1, xmlenc SHA-256 and
// SHA-512); nullopt for any other algorithm.
std::optional<std::string> digest_by_uri(std::string_view algorithm_uri, std::string_view bytes);

std::string new_xml_id(std::string_view prefix = "_"); // an xs:ID (NCName): prefix + 32 hex digits

} // namespace klarmeld::crypto::xml
