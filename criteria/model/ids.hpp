// The shapes of catalog identifiers, shared by the catalog and profile loaders.
#pragma once

#include <optional>
#include <string_view>

namespace klarmeld::criteria {

// ^(SF|CE)\d{4}(_[A-Z])?$ — SF1500, SF1460_A, CE1510.
bool is_interface_id(std::string_view id);

// "<interface id>.<n>" with n ≥ 1 and no leading zero: returns n, or nullopt for anything else.
std::optional<int> criterion_number(std::string_view criterion_id, std::string_view interface_id);

// The interface part of a criterion id ("SF1500" for "SF1500.2"), empty if it has no dot.
std::string_view interface_of(std::string_view criterion_id);

} // namespace klarmeld::criteria
