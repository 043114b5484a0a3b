#include "util/files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  std::string temporary = path + ".part";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return runtime_error("file.unwritable", "cannot write '" + path + "': " + std::strerror(errno));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) {
      return runtime_error("file.unwritable", "cannot write '" + path + "': " + std::strerror(errno));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::string reason = ec.message(); // before remove() reuses ec
    std::filesystem::remove(temporary, ec);
    return runtime_error("file.unwritable", "cannot write '" + path + "': " + reason);
  }
  return Ok{};
}

} // namespace klarmeld
