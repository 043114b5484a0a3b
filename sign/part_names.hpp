// OPC part names compare as ASCII case-insensitive strings (ECMA-376-2 §9.1.1.1.2, §10.1.2.4): only
// A–Z fold, whatever the process's locale. The one rule for the package, its content types and the
// Manifest's references.
#pragma once

#include <string>
#include <string_view>

namespace klarmeld::sign {

// `name` with A–Z folded to a–z: equal for names that are the same part.
std::string folded_part_name(std::string_view name);
bool same_part_name(std::string_view a, std::string_view b);

} // namespace klarmeld::sign
