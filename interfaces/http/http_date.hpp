// HTTP-date (RFC 9110 §5.6.7), as a Retry-After or Date header carries it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/time.hpp"

namespace klarmeld::http {

// The preferred IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms a
// recipient must still accept (RFC 9110 §5.6.7): rfc850-date ("Sunday, 06-Nov-94 08:49:37 GMT")
// and asctime-date ("Sun Nov  6 08:49:37 1994"). The weekday is not checked. nullopt otherwise.
std::optional<TimePoint> parse_http_date(std::string_view text);
// IMF-fixdate, the form a sender generates: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(TimePoint when);

} // namespace klarmeld::http
