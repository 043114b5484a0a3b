// Where klarmeld's shipped data (fixture scenarios) is: installed under share/klarmeld, or beside
// the executable (../share/klarmeld works both installed and in the build tree, which links it).
#pragma once

#include <string>

#include "util/result.hpp"

namespace klarmeld {

std::string executable_directory();
Result<std::string> resolve_data_dir(const std::string& name); // e.g. "scenarios"

} // namespace klarmeld
