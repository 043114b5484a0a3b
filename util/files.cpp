#include "util/files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/temporary_file.hpp"

namespace klarmeld {

namespace {

// Closes the descriptor however the read ends.
struct DescriptorCloser {
  int descriptor;
  ~DescriptorCloser() { ::close(descriptor); }
};

Error unreadable(const std::string& path, int error_number) {
  return input_error("file.unreadable", "cannot read '" + path + "': " + std::strerror(error_number));
}

// The whole of an open file, from where it stands to its end.
Result<std::string> read_descriptor(int descriptor, const std::string& path) {
  DescriptorCloser closer{descriptor};
  // Read straight into a string of the file's size; only a regular file's size is its length, and
  // whatever the size did not cover (a file still growing, procfs, a pipe) is read on to the end.
  std::string content;
  struct stat status {};
  if (::fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0) {
    content.resize(static_cast<std::size_t>(status.st_size));
  }
  std::size_t filled = 0;
  while (filled < content.size()) {
    ssize_t got = ::read(descriptor, content.data() + filled, content.size() - filled);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return unreadable(path, errno);
    }
    if (got == 0) {
      break; // shorter than its size said (truncated while read)
    }
    filled += static_cast<std::size_t>(got);
  }
  content.resize(filled);
  char rest[16 * 1024];
  for (;;) {
    ssize_t got = ::read(descriptor, rest, sizeof rest);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return unreadable(path, errno); // a directory: EISDIR
    }
    if (got == 0) {
      return content;
    }
    content.append(rest, static_cast<std::size_t>(got));
  }
}

} // namespace

Result<std::string> read_file(const std::string& path) {
  // open/fstat/read, not an ifstream: a stream builds its locale and buffer per file and a second
  // stream for the tail, which `aggregate` paid for twice per file (workbook and .p7s;
  // docs/performance.md, Aggregate).
  int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    return unreadable(path, errno);
  }
  return read_descriptor(descriptor, path);
}

Result<std::optional<std::string>> read_file_if_present(const std::string& path) {
  int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    int open_error = errno;
    // ENOENT and ENOTDIR: stat(2) resolves the path as open(2) does and fails the same way. Any other
    // failure is asked of stat(2), as std::filesystem::exists asks it (a file without read permission
    // is there; a loop of links is not).
    struct stat status {};
    if (open_error == ENOENT || open_error == ENOTDIR || ::stat(path.c_str(), &status) != 0) {
      return std::optional<std::string>();
    }
    return unreadable(path, open_error);
  }
  TRY_ASSIGN(std::string content, read_descriptor(descriptor, path));
  return std::optional<std::string>(std::move(content));
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
