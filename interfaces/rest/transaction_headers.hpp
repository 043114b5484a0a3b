// The Serviceplatform's REST headers: x-TransaktionsId (a UUID) and x-TransaktionsTid (UTC,
// yyyy-MM-ddTHH:mm:ssZ), plus "Authorization: Holder-of-key <access_token>".
#pragma once

#include <string>

#include "interfaces/http/http_client.hpp"
#include "util/time.hpp"

namespace klarmeld::probes {

http::Headers serviceplatform_headers(const std::string& access_token, const std::string& transaction_id,
                                      TimePoint when);

} // namespace klarmeld::probes
