#include "util/time.hpp"

#include <cctype>
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

TimePoint utc_time_point(std::tm fields) {
  return Clock::from_time_t(timegm(&fields));
}

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

namespace {

bool read_number(std::string_view text, size_t& pos, size_t digits, int& out) {
  if (pos + digits > text.size()) {
    return false;
  }
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  pos += digits;
  out = value;
  return true;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

} // namespace

Result<TimePoint> parse_xml_datetime(std::string_view text, ZoneDesignator zone) {
  auto bad = [&] { return input_error("xml.datetime", "not an xs:dateTime: \"" + std::string(text) + "\""); };
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 4, year) || !expect(text, pos, '-') || !read_number(text, pos, 2, month) ||
      !expect(text, pos, '-') || !read_number(text, pos, 2, day) || !expect(text, pos, 'T') ||
      !read_number(text, pos, 2, hour) || !expect(text, pos, ':') || !read_number(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !read_number(text, pos, 2, second)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return bad();
  }
  std::chrono::microseconds fraction{0};
  if (expect(text, pos, '.')) {
    long long micros = 0;
    int digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (digits < 6) {
        micros = micros * 10 + (text[pos] - '0');
      }
      ++digits;
      ++pos;
    }
    if (digits == 0) {
      return bad();
    }
    for (int i = digits; i < 6; ++i) {
      micros *= 10;
    }
    fraction = std::chrono::microseconds(micros);
  }
  int offset_minutes = 0;
  if (expect(text, pos, 'Z')) {
    offset_minutes = 0;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offset_hours = 0, offset_mins = 0;
    if (!read_number(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
        !read_number(text, pos, 2, offset_mins)) {
      return bad();
    }
    offset_minutes = sign * (offset_hours * 60 + offset_mins);
  } else if (zone == ZoneDesignator::Required) {
    // SAML 2.0 core §1.3.3: times MUST be UTC with no time zone component ("Z"); a bare local
    // time is ambiguous, so we refuse it.
    return bad();
  }
  if (pos != text.size()) {
    return bad();
  }
  std::tm broken{};
  broken.tm_year = year - 1900;
  broken.tm_mon = month - 1;
  broken.tm_mday = day;
  broken.tm_hour = hour;
  broken.tm_min = minute;
  broken.tm_sec = second;
  return utc_time_point(broken) - std::chrono::minutes(offset_minutes) +
         std::chrono::duration_cast<Clock::duration>(fraction);
}

} // namespace klarmeld
