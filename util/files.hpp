// Whole-file reads and crash-safe writes (temp file + rename, so a reader never sees half a file).
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

Result<std::string> read_file(const std::string& path);
Status write_file_atomically(const std::string& path, std::string_view content);

} // namespace klarmeld
