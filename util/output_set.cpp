#include "util/output_set.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include <unistd.h>

#include "util/digest.hpp"
#include "util/file_lock.hpp"
#include "util/files.hpp"
#include "util/json.hpp"

namespace klarmeld {
namespace {

// What a commit does, in order, written down before it starts (docs/robustness.md "Atomic output
// sets"). Paths are absolute, so a process in another folder can finish it.
struct Journal {
  std::vector<std::string> removals;                        // old vouching files and stale ones
  std::vector<std::pair<std::string, std::string>> renames; // temporary → target: primary, companions, vouching
  size_t vouching_from = 0;                                 // index of the first vouching rename
};

std::string absolute(const std::string& path) {
  std::error_code ignored;
  std::filesystem::path full = std::filesystem::absolute(path, ignored);
  return full.empty() ? path : full.lexically_normal().string();
}

std::string render(const Journal& journal) {
  Json renames = Json::array();
  for (const auto& [from, to] : journal.renames) {
    renames.push_back(Json::array({from, to}));
  }
  Json document = {
      {"remove", journal.removals}, {"rename", std::move(renames)}, {"vouching_from", journal.vouching_from}};
  return document.dump();
}

Result<Journal> parse(const std::string& text, const std::string& path) {
  TRY_ASSIGN(Json document, parse_json(text, path));
  Journal journal;
  try {
    journal.removals = document.at("remove").get<std::vector<std::string>>();
    for (const Json& pair : document.at("rename")) {
      journal.renames.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
    }
    journal.vouching_from = document.at("vouching_from").get<size_t>();
  } catch (const Json::exception& error) {
    return runtime_error("file.journal", "'" + path + "' is not an output-set journal: " + error.what());
  }
  return journal;
}

bool exists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

Status sync_folders(const std::set<std::string>& folders) {
  for (const auto& folder : folders) {
    TRY(sync_directory(folder));
  }
  return Ok{};
}

// Carries out the journal, or what is left of it after a kill: a rename whose temporary is gone has
// happened (temporaries have unique names and only this rename consumes them), and then its target
// is the new file, which no removal may touch. Each step is done again only if it did not happen.
Status replay(const Journal& journal) {
  std::set<std::string> folders;
  std::set<std::string> replaced;
  for (const auto& [from, to] : journal.renames) {
    folders.insert(folder_of(to));
    if (!exists(from)) {
      replaced.insert(to);
    }
  }
  // 1. Whatever vouches for the old primary goes first: from here on no signature can sit beside a
  //    primary it was not made for.
  for (const auto& path : journal.removals) {
    folders.insert(folder_of(path));
    if (replaced.contains(path)) {
      continue;
    }
    if (unlink(path.c_str()) != 0 && errno != ENOENT) {
      return runtime_error("file.unwritable", "cannot replace '" + path + "': " + std::strerror(errno));
    }
  }
  TRY(sync_folders(folders)); // the removals are on disk before the new primary can be
  // 2. The primary and its companions, then 3. the vouching files, each over bytes already on disk.
  for (size_t i = 0; i < journal.renames.size(); ++i) {
    if (i == journal.vouching_from) {
      TRY(sync_folders(folders)); // the primary is durable before anything vouches for it
    }
    const auto& [from, to] = journal.renames[i];
    if (std::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) {
      return runtime_error("file.unwritable", "cannot write '" + to + "': " + std::strerror(errno));
    }
  }
  return sync_folders(folders);
}

// Under the lock: finishes a journal a killed commit left behind, then removes it.
Result<bool> finish_journal(const std::string& journal_path) {
  if (!exists(journal_path)) {
    return false;
  }
  TRY_ASSIGN(std::string text, read_file(journal_path));
  TRY_ASSIGN(Journal journal, parse(text, journal_path));
  TRY(replay(journal));
  if (unlink(journal_path.c_str()) != 0 && errno != ENOENT) {
    return runtime_error("file.unwritable", "cannot remove '" + journal_path + "': " + std::strerror(errno));
  }
  TRY(sync_directory(folder_of(journal_path)));
  return true;
}

std::string hidden_beside(const std::string& primary, const std::string& suffix) {
  std::filesystem::path path(primary);
  return (std::filesystem::path(folder_of(primary)) / ("." + path.filename().string() + suffix)).string();
}

} // namespace

OutputSet::OutputSet(std::string primary) : m_primary(std::move(primary)) {}

std::string OutputSet::lock_path(const std::string& primary) {
  return hidden_beside(primary, ".lock");
}

std::string OutputSet::journal_path(const std::string& primary) {
  return hidden_beside(primary, ".pending");
}

Result<bool> OutputSet::finish_pending(const std::string& primary) {
  if (!exists(journal_path(primary))) {
    return false; // the common case costs one access(2), and no lock
  }
  TRY_ASSIGN(FileLock lock, FileLock::acquire(lock_path(primary), /*wait=*/true));
  return finish_journal(journal_path(primary));
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
  for (auto& entry : m_entries) {
    TRY(entry.file->sync());
  }
  TRY_ASSIGN(FileLock lock, FileLock::acquire(lock_path(m_primary), /*wait=*/true));
  std::string journal_file = journal_path(m_primary);
  TRY(finish_journal(journal_file)); // a killed run's set is completed before this one replaces it
  for (const auto& [path, digest] : m_unchanged) {
    auto now = read_file(path);
    if (!now || sha256_hex(*now) != digest) {
      return runtime_error("file.changed", "'" + path + "' changed while this run read it; nothing was written");
    }
  }

  Journal journal;
  for (const auto& path : m_stale) {
    journal.removals.push_back(absolute(path));
  }
  for (OutputRole role : {OutputRole::Primary, OutputRole::Companion, OutputRole::Vouching}) {
    if (role == OutputRole::Vouching) {
      journal.vouching_from = journal.renames.size();
    }
    for (const auto& entry : m_entries) {
      if (entry.role == role) {
        journal.renames.emplace_back(absolute(entry.file->path()), absolute(entry.file->target()));
        if (role == OutputRole::Vouching) {
          journal.removals.push_back(absolute(entry.file->target()));
        }
      }
    }
  }
  // The decision is durable before the first file changes: a kill from here on is finished by the next
  // commit, `sign` or `verify` on this set (finish_pending), never left half done.
  TRY(write_file_atomically(journal_file, render(journal)));
  TRY(sync_directory(folder_of(journal_file)));
  for (auto& entry : m_entries) {
    entry.file->renamed(); // from here the replay owns the temporaries, also if it fails half way
  }
  TRY(replay(journal));
  if (unlink(journal_file.c_str()) != 0) {
    return runtime_error("file.unwritable", "cannot remove '" + journal_file + "': " + std::strerror(errno));
  }
  TRY(sync_directory(folder_of(journal_file)));
  std::vector<std::string> written;
  for (const auto& entry : m_entries) {
    written.push_back(entry.file->target());
  }
  return written;
}

} // namespace klarmeld
