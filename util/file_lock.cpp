#include "util/file_lock.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace klarmeld {

Result<FileLock> FileLock::acquire(const std::string& path, bool wait) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    return runtime_error("file.lock", "cannot open lock file '" + path + "': " + std::strerror(errno));
  }
  int result = 0;
  do {
    result = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  } while (result != 0 && errno == EINTR);
  if (result != 0) {
    int saved = errno;
    close(fd);
    if (saved == EWOULDBLOCK) {
      return runtime_error("file.in-use", "'" + path + "' is in use by another klarmeld run; try again when it ends");
    }
    return runtime_error("file.lock", "cannot lock '" + path + "': " + std::strerror(saved));
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (m_fd >= 0) {
    close(m_fd); // releases the flock
  }
}

} // namespace klarmeld
