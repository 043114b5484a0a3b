// Calendar dates as profiles write them (yyyy-mm-dd, ISO 8601 calendar date).
#pragma once

#include <optional>
#include <string_view>

#include "profile/profile.hpp"

namespace klarmeld::profile {

// Exactly yyyy-mm-dd naming a real day (leap years included); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

} // namespace klarmeld::profile
