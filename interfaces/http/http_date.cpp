#include "interfaces/http/http_date.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace klarmeld::http {

namespace {

constexpr std::array<const char*, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> day_names = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// A small cursor over the header value; every reader fails without moving on a mismatch.
struct Cursor {
  std::string_view text;
  size_t pos = 0;

  bool literal(std::string_view expected) {
    if (text.substr(pos, expected.size()) != expected) {
      return false;
    }
    pos += expected.size();
    return true;
  }
  bool skip_spaces() {
    size_t start = pos;
    while (pos < text.size() && text[pos] == ' ') {
      ++pos;
    }
    return pos > start;
  }
  bool letters() {
    size_t start = pos;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])) != 0) {
      ++pos;
    }
    return pos > start;
  }
  // Between `min` and `max` digits.
  bool number(size_t min, size_t max, int& out) {
    size_t start = pos;
    out = 0;
    while (pos < text.size() && pos - start < max && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
      out = out * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos - start < min) {
      pos = start;
      return false;
    }
    return true;
  }
  bool month(int& out) {
    static constexpr std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (size_t i = 0; i < names.size(); ++i) {
      if (literal(names[i])) {
        out = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
  bool time_of_day(std::tm& fields) {
    return number(2, 2, fields.tm_hour) && literal(":") && number(2, 2, fields.tm_min) && literal(":") &&
           number(2, 2, fields.tm_sec);
  }
  bool at_end() const { return pos == text.size(); }
};

bool plausible(const std::tm& fields) {
  return fields.tm_mday >= 1 && fields.tm_mday <= 31 && fields.tm_hour <= 23 && fields.tm_min <= 59 &&
         fields.tm_sec <= 60;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" and "Sunday, 06-Nov-94 08:49:37 GMT" (after the weekday and comma).
bool read_after_comma(Cursor& cursor, std::tm& fields) {
  int year = 0;
  size_t day_start = cursor.pos;
  if (cursor.number(2, 2, fields.tm_mday) && cursor.literal(" ") && cursor.month(fields.tm_mon) &&
      cursor.literal(" ") && cursor.number(4, 4, year)) {
    fields.tm_year = year - 1900;
  } else {
    cursor.pos = day_start;
    if (!(cursor.number(2, 2, fields.tm_mday) && cursor.literal("-") && cursor.month(fields.tm_mon) &&
          cursor.literal("-") && cursor.number(2, 2, year))) {
      return false;
    }
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    fields.tm_year = year < 70 ? year + 100 : year;
  }
  return cursor.literal(" ") && cursor.time_of_day(fields) && cursor.literal(" GMT");
}

// "Sun Nov  6 08:49:37 1994" (after the weekday and its space).
bool read_asctime(Cursor& cursor, std::tm& fields) {
  int year = 0;
  if (!(cursor.month(fields.tm_mon) && cursor.skip_spaces() && cursor.number(1, 2, fields.tm_mday) &&
        cursor.literal(" ") && cursor.time_of_day(fields) && cursor.literal(" ") && cursor.number(4, 4, year))) {
    return false;
  }
  fields.tm_year = year - 1900;
  return true;
}

} // namespace

std::optional<TimePoint> parse_http_date(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  Cursor cursor{text};
  std::tm fields{};
  if (!cursor.letters()) {
    return std::nullopt;
  }
  bool read =
      cursor.literal(", ") ? read_after_comma(cursor, fields) : (cursor.literal(" ") && read_asctime(cursor, fields));
  if (!read || !cursor.at_end() || !plausible(fields)) {
    return std::nullopt;
  }
  return utc_time_point(fields);
}

std::string format_http_date(TimePoint when) {
  // Names spelled here, not by strftime: %a and %b follow the process locale.
  std::time_t seconds = Clock::to_time_t(when);
  std::tm fields{};
  gmtime_r(&seconds, &fields);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", day_names[fields.tm_wday], fields.tm_mday,
                month_names[fields.tm_mon], fields.tm_year + 1900, fields.tm_hour, fields.tm_min, fields.tm_sec);
  return text;
}

} // namespace klarmeld::http
