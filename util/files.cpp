#include "util/files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/temporary_file.hpp"

namespace klarmeld {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return input_error("file.unreadable", "cannot read '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Status write_file_atomically(const std::string& path, std::string_view content) {
  // A unique temporary (never a fixed PATH.part two writers would share), synced before the rename.
  TRY_ASSIGN(TemporaryFile temporary, TemporaryFile::beside(path));
  TRY(temporary.write(content));
  TRY(temporary.sync());
  TRY(temporary.commit());
  return sync_directory(folder_of(path));
}

} // namespace klarmeld
