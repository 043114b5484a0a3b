// Manifest references that xmlsec found intact, remembered by what decides the outcome: the exact
// bytes of the part the reference names and the Reference element itself (URI, Transforms with their
// parameters, DigestMethod, DigestValue). Every klarmelding of one writer carries the same two
// relationships parts signed the same way, and xmlsec parses each, applies the RelationshipTransform
// (ECMA-376-2 §13.2.4.24), parses the result again for C14N and digests it — ≈ 13 % of `aggregate`'s
// CPU (docs/performance.md, Aggregate). For a pair it has seen succeed the answer is the same, so xmlsec
// runs once per distinct pair; a pair not seen, or one that failed, goes through xmlsec every time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace klarmeld::sign {

// The key for a reference to a part whose SHA-256 (lowercase hex, of the bytes xmlsec would be
// served) is `part_sha256`: the digest, then the element's names (by namespace), attributes and text.
// nullopt when the element holds anything else (comments, entity references).
std::optional<std::string> manifest_reference_key(const xmlNode* reference, std::string_view part_sha256);

// True when a reference with this key went through xmlsec and verified before. Thread-safe.
bool manifest_reference_known_intact(const std::string& key);
// Records that xmlsec verified it. Bounded (starts afresh when full).
void remember_intact_manifest_reference(std::string key);

} // namespace klarmeld::sign
