// An advisory lock (flock(2)) on a lock file: two klarmeld runs writing the same outputs take turns
// replacing them instead of interleaving their renames. Released when the object goes away or the
// process dies (the kernel drops flock locks with the last descriptor), so a killed run never
// leaves a stale lock behind.
#pragma once

#include <string>

#include "util/result.hpp"

namespace klarmeld {

class FileLock {
public:
  // Creates the lock file if needed (it stays: removing it would let a waiting process lock an
  // unlinked file while a third locks a new one). `wait` false: an error "in use" at once.
  static Result<FileLock> acquire(const std::string& path, bool wait);

  FileLock(FileLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  FileLock& operator=(FileLock&& other) = delete; // held for one scope, never reassigned
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

private:
  explicit FileLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

} // namespace klarmeld
