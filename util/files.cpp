#include "util/files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/temporary_file.hpp"

namespace klarmeld {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return input_error("file.unreadable", "cannot read '" + path + "': " + std::strerror(errno));
  }
  // Read straight into a string of the file's size: a stream copy grows and copies it several
  // times over, which `aggregate` paid for every file (docs/performance.md, Aggregate). Whatever
  // the size did not cover (a file still growing, a pipe) is appended as before.
  // file_size answers only for a regular file (a directory's or a device's size is not its length).
  std::string content;
  std::error_code error;
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > 0) {
    content.resize(static_cast<std::size_t>(size));
    in.read(content.data(), static_cast<std::streamsize>(size));
    content.resize(static_cast<std::size_t>(in.gcount()));
    in.clear();
  }
  std::ostringstream rest;
  rest << in.rdbuf();
  content += std::move(rest).str();
  return content;
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
