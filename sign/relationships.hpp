// Relationships parts (ECMA-376-2 §9.3): which parts a part points at, and where its .rels lives.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::sign {

struct Relationship {
  std::string id;
  std::string type;
  std::string target;
  std::string target_mode; // "" (Internal) or "External"
};

Result<std::vector<Relationship>> parse_relationships(std::string_view xml, const std::string& origin);
// Without whitespace between elements: xmlsec 1.2.37's RelationshipTransform would otherwise turn
// whitespace text nodes into elements, and other verifiers (ECMA-376-2 §13.2.4.24) drop them.
std::string serialize_relationships(const std::vector<Relationship>& relationships);

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels"; "" (the package) → "_rels/.rels". No leading '/'.
std::string relationships_part_for(std::string_view source_part);
bool is_relationships_part(std::string_view name);
// A fresh Id not used in the list ("rId<N>").
std::string unused_relationship_id(const std::vector<Relationship>& relationships);

} // namespace klarmeld::sign

namespace klarmeld::sign {
// The entry name a relationship target designates, relative to the source part's folder
// (ECMA-376-2 §9.3.3 / RFC 3986 §5.2); "" when it would leave the package.
std::string resolve_target(std::string_view source_part, std::string_view target);
} // namespace klarmeld::sign
