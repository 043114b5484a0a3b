// UTC timestamps in the forms the outputs and the protocols need.
#pragma once

#include <chrono>
#include <string>

namespace klarmeld {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

// 2026-11-23T09:15:02Z
std::string iso8601_utc(TimePoint when);
// 2026-11-23T09:15:02.123Z (WS-Security timestamps need exactly milliseconds)
std::string iso8601_utc_millis(TimePoint when);
// 2026-11-23
std::string iso_date_utc(TimePoint when);

} // namespace klarmeld
