// Where the criteria catalog is, when the user did not say: shared by every command that needs it.
#pragma once

#include <string>

#include "util/result.hpp"

namespace klarmeld::criteria {

// First that applies: `option` (--criteria) if non-empty; env KLARMELD_CRITERIA; the installed catalog
// (default_catalog_dir()) if it exists; <directory of the executable>/../share/klarmeld/criteria if it
// exists. An explicit choice (option or env) is returned even if it does not exist, so the loader names
// it in its error; with no choice and nothing found, an input error saying how to choose.
Result<std::string> resolve_catalog_dir(const std::string& option);

} // namespace klarmeld::criteria
