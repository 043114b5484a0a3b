// xs:dateTime as SAML 2.0 (core §1.3.3) and WS-Security timestamps use it: UTC, optional fraction.
#pragma once

#include <string_view>

#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::crypto::xml {

// Accepts "2026-11-23T09:15:02Z", "…02.123Z", "…02.1234567Z" and "+hh:mm"/"-hh:mm" offsets.
Result<TimePoint> parse_xml_datetime(std::string_view text);

} // namespace klarmeld::crypto::xml
