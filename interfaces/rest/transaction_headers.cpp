#include "interfaces/rest/transaction_headers.hpp"

namespace klarmeld::probes {

http::Headers serviceplatform_headers(const std::string& access_token, const std::string& transaction_id,
                                      TimePoint when) {
  return {{"Authorization", "Holder-of-key " + access_token},
          {"x-TransaktionsId", transaction_id},
          {"x-TransaktionsTid", iso8601_utc(when)}};
}

} // namespace klarmeld::probes
