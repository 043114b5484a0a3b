// UTC timestamps in the forms the outputs and the protocols need.
#pragma once

#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

// 2026-11-23T09:15:02Z
std::string iso8601_utc(TimePoint when);
// 2026-11-23T09:15:02.123Z (WS-Security timestamps need exactly milliseconds)
std::string iso8601_utc_millis(TimePoint when);
// 2026-11-23
std::string iso_date_utc(TimePoint when);

// Broken-down UTC fields (tm_year from 1900, tm_mon from 0) as a time point; tm_isdst and the
// weekday fields are ignored. What OpenSSL's ASN1_TIME_to_tm gives, and what the parser below fills.
TimePoint utc_time_point(std::tm fields);

// Whether an xs:dateTime without a zone designator is accepted (and read as UTC).
enum class ZoneDesignator {
  // SAML 2.0 core §1.3.3 and WS-Security timestamps: MUST be UTC, a bare local time is ambiguous.
  Required,
  // XAdES SigningTime in packages written by other tools: read a bare time as UTC, as Office does.
  OptionalMeansUtc,
};

// The one reader of timestamps in text (XML Schema Part 2 §3.2.7 xs:dateTime, the ISO 8601 profile
// every protocol and output here uses): "2026-11-23T09:15:02Z", "…02.123Z", "…02.1234567Z" and
// "+hh:mm"/"-hh:mm" offsets. Fractions are kept to the microsecond. Error code xml.datetime.
Result<TimePoint> parse_xml_datetime(std::string_view text, ZoneDesignator zone = ZoneDesignator::Required);

} // namespace klarmeld
