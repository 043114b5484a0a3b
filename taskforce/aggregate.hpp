// `klarmeld aggregate`: many signed readiness workbooks → one overview workbook (and optionally the
// HTML heat map). Files are processed one at a time; only small per-file rows are kept, and those are
// written out as they are produced.
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
  std::string code;
  std::string reason;
};

struct AggregateResult {
  Tally tally{0};
  std::vector<ExcludedFile> excluded;
  std::vector<std::string> older_catalog_files; // "path (version)"
};

// progress(done, total, path) after each file.
using AggregateProgress = std::function<void(size_t, size_t, const std::string&)>;

Result<AggregateResult> run_aggregate(const AggregateOptions& options, const AggregateProgress& progress = {});

} // namespace klarmeld::taskforce
