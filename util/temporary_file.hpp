// A temporary file with a unique name beside its target (mkstemp in the target's folder), so a rename
// onto the target is atomic (same file system, POSIX rename(2)) and two writers never share one.
// Not committed = removed when the object goes away.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

class TemporaryFile {
public:
  // ".<target name>.XXXXXX" in the target's folder: hidden, and never ending in the target's
  // extension, so `aggregate` and `ls *.xlsx` do not take a left-over temporary for an output.
  static Result<TemporaryFile> beside(const std::string& target);

  TemporaryFile(TemporaryFile&& other) noexcept;
  TemporaryFile& operator=(TemporaryFile&& other) noexcept;
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile();

  const std::string& path() const { return m_path; }
  const std::string& target() const { return m_target; }

  // Replaces the content (also when something else, e.g. libxlsxwriter, wrote the path before).
  Status write(std::string_view content);
  // fsync(2) of the content: after a crash the renamed file holds these bytes, not zero length.
  Status sync();
  // rename(2) onto the target; the folder entry is made durable by sync_directory.
  Status commit();
  // Someone else (an output set's journal replay) renamed it onto the target: do not remove it.
  void renamed();

private:
  TemporaryFile(std::string path, std::string target, int fd)
      : m_path(std::move(path)), m_target(std::move(target)), m_fd(fd) {}
  void discard();

  std::string m_path;
  std::string m_target;
  int m_fd = -1;
  bool m_committed = false;
};

// fsync(2) of a folder, so renames and removals in it survive a power cut (POSIX fsync on a directory).
Status sync_directory(const std::string& directory);
// The folder a path is in ("." for a bare name).
std::string folder_of(const std::string& path);

} // namespace klarmeld
