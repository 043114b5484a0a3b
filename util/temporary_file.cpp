#include "util/temporary_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace klarmeld {
namespace {

Error unwritable(const std::string& target, const std::string& why) {
  return runtime_error("file.unwritable", "cannot write '" + target + "': " + why);
}

} // namespace

std::string folder_of(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

Result<TemporaryFile> TemporaryFile::beside(const std::string& target) {
  std::filesystem::path path(target);
  std::string pattern =
      (std::filesystem::path(folder_of(target)) / ("." + path.filename().string() + ".XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    return unwritable(target, std::strerror(errno));
  }
  // mkstemp creates 0600; outputs are ordinary files, readable as the umask allows.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  return TemporaryFile(name.data(), target, fd);
}

TemporaryFile::TemporaryFile(TemporaryFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_target(std::move(other.m_target)), m_fd(other.m_fd),
      m_committed(other.m_committed) {
  other.m_fd = -1;
  other.m_committed = true; // nothing left to clean up in the moved-from object
}

TemporaryFile& TemporaryFile::operator=(TemporaryFile&& other) noexcept {
  if (this != &other) {
    discard();
    m_path = std::move(other.m_path);
    m_target = std::move(other.m_target);
    m_fd = other.m_fd;
    m_committed = other.m_committed;
    other.m_fd = -1;
    other.m_committed = true;
  }
  return *this;
}

TemporaryFile::~TemporaryFile() {
  discard();
}

void TemporaryFile::discard() {
  if (m_fd >= 0) {
    close(m_fd);
    m_fd = -1;
  }
  if (!m_committed && !m_path.empty()) {
    unlink(m_path.c_str());
  }
  m_committed = true;
}

Status TemporaryFile::write(std::string_view content) {
  if (m_fd < 0) {
    return unwritable(m_target, "the temporary file is closed");
  }
  if (ftruncate(m_fd, 0) != 0 || lseek(m_fd, 0, SEEK_SET) != 0) {
    return unwritable(m_target, std::strerror(errno));
  }
  while (!content.empty()) {
    ssize_t written = ::write(m_fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      return unwritable(m_target, std::strerror(errno));
    }
    content.remove_prefix(static_cast<size_t>(written));
  }
  return Ok{};
}

Status TemporaryFile::sync() {
  // The path may have been written through another descriptor (libxlsxwriter): fsync syncs the file,
  // whichever descriptor wrote it.
  if (m_fd < 0 || fsync(m_fd) != 0) {
    return unwritable(m_target, m_fd < 0 ? "the temporary file is closed" : std::strerror(errno));
  }
  return Ok{};
}

Status TemporaryFile::commit() {
  if (std::rename(m_path.c_str(), m_target.c_str()) != 0) {
    return unwritable(m_target, std::strerror(errno));
  }
  m_committed = true;
  close(m_fd);
  m_fd = -1;
  return Ok{};
}

void TemporaryFile::renamed() {
  m_committed = true;
  if (m_fd >= 0) {
    close(m_fd);
    m_fd = -1;
  }
}

Status sync_directory(const std::string& directory) {
  int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return runtime_error("file.unwritable", "cannot open folder '" + directory + "': " + std::strerror(errno));
  }
  int synced = fsync(fd);
  int saved = errno;
  close(fd);
  if (synced != 0) {
    return runtime_error("file.unwritable", "cannot sync folder '" + directory + "': " + std::strerror(saved));
  }
  return Ok{};
}

} // namespace klarmeld
