// Whole-file reads and crash-safe writes (unique temporary beside the file, fsync, rename: a reader
// never sees half a file, and two writers never share a temporary).
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

Result<std::string> read_file(const std::string& path);
Status write_file_atomically(const std::string& path, std::string_view content);

} // namespace klarmeld
