// Whole-file reads and crash-safe writes (unique temporary beside the file, fsync, rename: a reader
// never sees half a file, and two writers never share a temporary).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

Result<std::string> read_file(const std::string& path);
// As read_file, but a file that is not there is no error: nullopt exactly where
// std::filesystem::exists(path) would say false (its stat(2) fails), asked with one open(2) instead
// of a stat and then an open. A file that is there but cannot be read is an error.
Result<std::optional<std::string>> read_file_if_present(const std::string& path);
Status write_file_atomically(const std::string& path, std::string_view content);

} // namespace klarmeld
