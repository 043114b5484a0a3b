// Which files `klarmeld aggregate DIR|FILES...` reads: every .xlsx in a folder (not recursive), or the
// files named, in a stable (sorted) order so two runs over the same folder give the same overview.
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::taskforce {

Result<std::vector<std::string>> collect_input_files(const std::vector<std::string>& arguments);

} // namespace klarmeld::taskforce
