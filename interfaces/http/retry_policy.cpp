#include "interfaces/http/retry_policy.hpp"

#include <algorithm>
#include <cctype>

#include "interfaces/http/http_date.hpp"

namespace klarmeld::http {

bool is_transient_error(const Error& error) {
  return error.code == "http.connect" || error.code == "http.reset";
}

bool is_transient_status(long status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value, const std::string& date_header) {
  if (auto until = parse_http_date(value)) {
    TimePoint reference = parse_http_date(date_header).value_or(Clock::now());
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(*until - reference));
  }
  size_t begin = value.find_first_not_of(" \t");
  size_t end = value.find_last_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    return std::nullopt;
  }
  std::string digits = value.substr(begin, end - begin + 1);
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  return std::chrono::seconds(std::stol(digits));
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::milliseconds> retry_after) {
  if (retry_after) {
    return std::min(*retry_after, policy.max_delay);
  }
  auto delay = policy.base_delay;
  for (int i = 1; i < attempt && delay < policy.max_delay; ++i) {
    delay *= 2;
  }
  return std::min(delay, policy.max_delay);
}

} // namespace klarmeld::http
