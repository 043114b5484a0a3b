// `klarmeld profile init`: a fully commented profile to fill in, which loads as it is.
#pragma once

#include <string>

#include "criteria/model/catalog.hpp"
#include "util/result.hpp"

namespace klarmeld::profile {

// `kommune` is a municipality name ("Aarhus", "Aarhus Kommune") or kommunekode ("751"); an unknown one is
// an input error. `vendor_cvr` defaults to a placeholder that loads, so the file can be edited step by step,
// but that pre-flight (profile/preflight.hpp) refuses until it is replaced.
// With a catalog, the declarations section lists every interface of it (commented out, with its name),
// so the vendor only has to uncomment and choose.
Result<std::string> profile_template(const std::string& vendor, const std::string& system, const std::string& kommune,
                                     const std::string& vendor_cvr = "", const criteria::Catalog* catalog = nullptr);

// The CVR written when none is given: valid by modulus 11, and never a real company's (CVR numbers
// start at 10000000), so pre-flight can tell the unfilled template from any real profile.
inline constexpr const char* placeholder_cvr = "00000000";

} // namespace klarmeld::profile
