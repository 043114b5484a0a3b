#include "util/time.hpp"

#include <cstdio>
#include <ctime>

namespace klarmeld {
namespace {

std::tm to_utc(TimePoint when) {
  std::time_t seconds = Clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return utc;
}

std::string format(TimePoint when, const char* pattern) {
  std::tm utc = to_utc(when);
  char buffer[64];
  size_t length = std::strftime(buffer, sizeof buffer, pattern, &utc);
  return std::string(buffer, length);
}

} // namespace

std::string iso8601_utc(TimePoint when) {
  return format(when, "%Y-%m-%dT%H:%M:%SZ");
}

std::string iso8601_utc_millis(TimePoint when) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  if (millis < 0) {
    millis += 1000;
  }
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, ".%03dZ", static_cast<int>(millis));
  return format(when, "%Y-%m-%dT%H:%M:%S") + suffix;
}

std::string iso_date_utc(TimePoint when) {
  return format(when, "%Y-%m-%d");
}

} // namespace klarmeld
