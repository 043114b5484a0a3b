// `klarmeld profile init`: a fully commented profile to fill in, which loads as it is.
#pragma once

#include <string>

#include "criteria/model/catalog.hpp"
#include "util/result.hpp"

namespace klarmeld::profile {

// `kommune` is a municipality name ("Aarhus", "Aarhus Kommune") or kommunekode ("751"); an unknown one is
// an input error. `vendor_cvr` defaults to a placeholder that passes the check (the comment says so).
// With a catalog, the declarations section lists every interface of it (commented out, with its name),
// so the vendor only has to uncomment and choose.
Result<std::string> profile_template(const std::string& vendor, const std::string& system, const std::string& kommune,
                                     const std::string& vendor_cvr = "", const criteria::Catalog* catalog = nullptr);

// The CVR written when none is given: valid by modulus 11, obviously not a real company.
inline constexpr const char* placeholder_cvr = "12345674";

} // namespace klarmeld::profile
