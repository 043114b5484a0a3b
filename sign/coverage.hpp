// Which parts a package signature must cover: every part except [Content_Types].xml (not a part;
// covered through each reference's ?ContentType=) and the signature parts under _xmlsignatures/
// with their relationships (they change when a further signature is added, ECMA-376-2 §13.2.3).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sign/package.hpp"
#include "sign/relationships.hpp"

namespace klarmeld::sign {

bool must_be_signed(std::string_view entry_name);
std::vector<std::string> signable_parts(const Package& package);
// Relationships a RelationshipTransform must select: all except the signature origin (which changes
// when the package is first signed).
std::vector<std::string> signable_relationship_ids(const std::vector<Relationship>& relationships);

} // namespace klarmeld::sign
