// A set of output files replaced together (docs/robustness.md, "Atomic output sets"): every new file
// is written to a unique temporary beside its target and fsynced first; only then, holding an
// advisory lock beside the primary file, a journal of what follows is made durable, the old files
// that vouch for the primary (a detached signature, an attestation) are removed, the others renamed
// into place, and the vouching files renamed last. A kill at any moment never leaves a signature beside
// a file it does not sign, and a kill after the journal is written is finished by the next commit,
// `sign` or `verify` on the set (finish_pending): a reader ends up with the old set or the new one whole.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"
#include "util/temporary_file.hpp"

namespace klarmeld {

enum class OutputRole {
  Primary,   // the file the others describe (the workbook); renamed first
  Companion, // another view of the same result (JSON, JUnit); renamed right after the primary
  Vouching,  // vouches for the primary's exact bytes (.p7s, attestation); old one removed first, new one last
};

class OutputSet {
public:
  // `primary` names the lock file: ".<primary's name>.lock" in its folder.
  explicit OutputSet(std::string primary);

  // A temporary for `target` that the caller fills (by path or with write()); valid until commit.
  Result<TemporaryFile*> add(const std::string& target, OutputRole role);
  Status add(const std::string& target, OutputRole role, std::string_view content);
  // A file of the old set that the new set does not replace but must not leave behind (it would vouch
  // for bytes that are gone); removed with the vouching files.
  void remove_stale(const std::string& path);
  // The set vouches for `path` as it was read (e.g. a countersignature over a workbook left as is):
  // commit refuses, before replacing anything, if under the lock its SHA-256 is no longer this.
  void require_unchanged(const std::string& path, std::string sha256_hex);

  // Waits for the lock (another run replacing the same set finishes first: last one wins), then
  // replaces the files in the order above. The targets, in the order they were added.
  Result<std::vector<std::string>> commit();

  static std::string lock_path(const std::string& primary);
  // ".<primary's name>.pending": the journal of a commit under way, or of one a kill interrupted.
  static std::string journal_path(const std::string& primary);
  // Completes (under the lock) a commit a kill interrupted; true if there was one. Without a journal
  // it only looks, so a reader in a read-only folder is never stopped.
  static Result<bool> finish_pending(const std::string& primary);

private:
  struct Entry {
    std::unique_ptr<TemporaryFile> file;
    OutputRole role;
  };
  std::string m_primary;
  std::vector<Entry> m_entries;
  std::vector<std::string> m_stale;
  std::vector<std::pair<std::string, std::string>> m_unchanged; // path, SHA-256 (hex)
};

} // namespace klarmeld
