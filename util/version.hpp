// The tool's identity, as printed by --version and recorded in every output.
#pragma once

#include <string>

namespace klarmeld {

const char* tool_version();        // "0.1.0"
const char* git_revision();        // short hash or "unknown"
const char* default_catalog_dir(); // the installed catalog
std::string tool_identity();       // "klarmeld 0.1.0 (rev abc123)"

} // namespace klarmeld
