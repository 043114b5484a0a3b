#include "sign/coverage.hpp"

#include <algorithm>

#include "sign/opc_names.hpp"

namespace klarmeld::sign {

bool must_be_signed(std::string_view entry_name) {
  return entry_name != names::content_types_part && !entry_name.starts_with(names::signatures_folder);
}

std::vector<std::string> signable_parts(const Package& package) {
  std::vector<std::string> parts;
  for (const std::string& name : package.names()) {
    if (must_be_signed(name)) {
      parts.push_back(name);
    }
  }
  std::sort(parts.begin(), parts.end());
  return parts;
}

std::vector<std::string> signable_relationship_ids(const std::vector<Relationship>& relationships) {
  std::vector<std::string> ids;
  for (const Relationship& relationship : relationships) {
    if (relationship.type != names::signature_origin_relationship) {
      ids.push_back(relationship.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

} // namespace klarmeld::sign
