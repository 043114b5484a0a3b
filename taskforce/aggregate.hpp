// `klarmeld aggregate`: many signed readiness workbooks → one overview workbook (and optionally the
// HTML heat map), counting one klarmelding per (vendor, system, municipality). Two steps: every file is
// verified and read once, its small row spooled to a temporary file and its identity noted
// (duplicate_resolver.hpp); then the outputs are written from the spool, the replaced files listed with
// the excluded ones. Memory stays flat in the number of files (one small map entry per identity).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "crypto/handles.hpp"
#include "taskforce/file_inspection.hpp"
#include "taskforce/tally.hpp"
#include "util/result.hpp"

namespace klarmeld::taskforce {

struct AggregateOptions {
  std::vector<std::string> files;   // already expanded (collect_input_files)
  std::vector<std::string> columns; // interface ids, current catalog order
  std::vector<std::string> column_names;
  std::string catalog_version; // current catalog version: others are named "older"
  const std::vector<crypto::X509Ptr>* trust_anchors = nullptr;
  std::string xlsx_path;
  std::string html_path; // empty: no HTML
  // Worker threads verifying and reading files (signature checks dominate); outputs stay in input order.
  unsigned jobs = 1;
};

struct ExcludedFile {
  std::string path;
  std::string code; // unsigned | invalid | untrusted | unreadable | superseded | duplicate | conflict
  std::string reason;
};

struct AggregateResult {
  Tally tally{0};
  std::vector<ExcludedFile> excluded;           // every file not counted, in input order (but those below)
  std::vector<ExcludedFile> incomplete;         // newer partial/interrupted runs beside a counted complete one
  std::vector<std::string> rollout_overviews;   // `check` rollout summaries: listed, not klarmeldinger
  std::vector<std::string> older_catalog_files; // "path (version)"
  std::vector<std::string> conflicts;           // counted files with a same-time conflict: "path: note"
  std::vector<std::string> criteria_unreadable; // counted files the HTML shows without criteria: "path: note"

  // Nothing needs a person's attention: no file failed a check and no conflict. Superseded and
  // duplicate files do not count against this — resubmitting is the normal way to update a klarmelding.
  bool clean() const { return tally.excluded() == 0 && tally.conflicts() == 0; }
};

// progress(done, total, path) after each file.
using AggregateProgress = std::function<void(size_t, size_t, const std::string&)>;

Result<AggregateResult> run_aggregate(const AggregateOptions& options, const AggregateProgress& progress = {});

} // namespace klarmeld::taskforce
