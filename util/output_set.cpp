#include "util/output_set.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <unistd.h>

#include "util/digest.hpp"
#include "util/file_lock.hpp"
#include "util/files.hpp"

namespace klarmeld {

OutputSet::OutputSet(std::string primary) : m_primary(std::move(primary)) {}

std::string OutputSet::lock_path(const std::string& primary) {
  std::filesystem::path path(primary);
  return (std::filesystem::path(folder_of(primary)) / ("." + path.filename().string() + ".lock")).string();
}

Result<TemporaryFile*> OutputSet::add(const std::string& target, OutputRole role) {
  TRY_ASSIGN(TemporaryFile file, TemporaryFile::beside(target));
  m_entries.push_back(Entry{std::make_unique<TemporaryFile>(std::move(file)), role});
  return m_entries.back().file.get();
}

Status OutputSet::add(const std::string& target, OutputRole role, std::string_view content) {
  TRY_ASSIGN(TemporaryFile * file, add(target, role));
  return file->write(content);
}

void OutputSet::remove_stale(const std::string& path) {
  m_stale.push_back(path);
}

void OutputSet::require_unchanged(const std::string& path, std::string sha256_hex) {
  m_unchanged.emplace_back(path, std::move(sha256_hex));
}

Result<std::vector<std::string>> OutputSet::commit() {
  std::set<std::string> folders;
  for (auto& entry : m_entries) {
    TRY(entry.file->sync());
    folders.insert(folder_of(entry.file->target()));
  }
  TRY_ASSIGN(FileLock lock, FileLock::acquire(lock_path(m_primary), /*wait=*/true));
  for (const auto& [path, digest] : m_unchanged) {
    auto now = read_file(path);
    if (!now || sha256_hex(*now) != digest) {
      return runtime_error("file.changed", "'" + path + "' changed while this run read it; nothing was written");
    }
  }

  // 1. Whatever vouches for the old primary goes first: from here on no signature can sit beside a
  //    primary it was not made for.
  std::vector<std::string> removals = m_stale;
  for (const auto& entry : m_entries) {
    if (entry.role == OutputRole::Vouching) {
      removals.push_back(entry.file->target());
    }
  }
  for (const auto& path : removals) {
    if (unlink(path.c_str()) != 0 && errno != ENOENT) {
      return runtime_error("file.unwritable", "cannot replace '" + path + "': " + std::strerror(errno));
    }
    folders.insert(folder_of(path));
  }
  for (const auto& folder : folders) {
    TRY(sync_directory(folder)); // the removals are on disk before the new primary can be
  }
  // 2. The primary and its companions, then 3. the vouching files, each over bytes already on disk.
  for (OutputRole role : {OutputRole::Primary, OutputRole::Companion, OutputRole::Vouching}) {
    for (auto& entry : m_entries) {
      if (entry.role == role) {
        TRY(entry.file->commit());
      }
    }
    if (role == OutputRole::Companion) {
      for (const auto& folder : folders) {
        TRY(sync_directory(folder)); // the primary is durable before anything vouches for it
      }
    }
  }
  for (const auto& folder : folders) {
    TRY(sync_directory(folder));
  }
  std::vector<std::string> written;
  for (const auto& entry : m_entries) {
    written.push_back(entry.file->target());
  }
  return written;
}

} // namespace klarmeld
