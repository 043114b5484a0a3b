// Reads a readiness workbook this tool wrote (either language) back into plain values, for
// `klarmeld aggregate`, `diff` and `verify`. Input is untrusted: sizes are capped, DTDs refused,
// and every problem is an error naming the file and the part or cell — never a crash.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "criteria/model/verdict.hpp"
#include "engine/assessment.hpp"
#include "report/language.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

struct WorkbookReadLimits {
  std::size_t max_file_bytes = 64u << 20;
  std::size_t max_part_bytes = 32u << 20; // per part, uncompressed
  std::size_t max_entries = 10000;
  std::size_t max_cells = 1'000'000; // per sheet
  // false: skip the per-interface sheets (remarks, criterion texts) — `aggregate` needs neither, and
  // they are most of the sheets to inflate and parse.
  bool interface_sheets = true;
  // false: the documentation sheet (one row per criterion) is found but not read, and
  // WorkbookSummary::criteria stays empty. `aggregate` needs the criteria only for its HTML details;
  // reading that sheet was a fifth of its CPU per file (docs/performance.md, Aggregate).
  bool documentation_sheet = true;
};

struct WorkbookInterface {
  std::string id;
  std::string name;
  std::string declaration; // as shown ("Anvendes", "In use" …)
  Verdict klarmeldt = Verdict::IkkeTestet;
  bool pending_evidence = false; // "Afventer dokumentation" (klarmeldt is then Ikke testet)
  bool has_sheet = false;        // assessed interfaces have their own sheet
  std::string remarks;           // "Bemærkninger" on that sheet
};

struct WorkbookCriterion {
  std::string id;
  std::string interface_id;
  Verdict verdict = Verdict::IkkeTestet;
  bool required = true;
  std::string method; // as shown: probe type or "manuel"/"manual"
  std::string reason;
  std::string decided_at;
  std::string text; // criterion text from the interface sheet (empty when it has none)
};

// The header facts as the workbook states them (engine::AssessmentHeader), and what else it holds.
struct WorkbookSummary : engine::AssessmentHeader {
  Language language = Language::Danish;
  std::vector<WorkbookInterface> interfaces; // overview order
  std::vector<WorkbookCriterion> criteria;   // documentation-sheet order
  std::vector<std::string> sheet_names;
  // The parts the criteria are read from, as entry names: the documentation sheet's and the shared
  // strings' (empty when the workbook has none). Filled whether or not the sheet was read.
  std::string documentation_part;
  std::string shared_strings_part;

  const WorkbookInterface* find_interface(std::string_view id) const;
  const WorkbookCriterion* find_criterion(std::string_view id) const;
};

// The error code of a file that is a rollout overview (one sheet "Udrulning"/"Rollout", docs/rollout.md)
// rather than a readiness workbook: a summary of klarmeldinger that aggregate lists on its own.
inline constexpr std::string_view rollout_overview_error = "workbook.rollout-overview";

Result<WorkbookSummary> read_readiness_workbook(const std::string& path, const WorkbookReadLimits& limits = {});
// The same from bytes already in memory (e.g. after signature verification); name is for messages.
Result<WorkbookSummary> read_readiness_workbook_bytes(std::string_view bytes, const std::string& name,
                                                      const WorkbookReadLimits& limits = {});

// A zip entry's bytes by name (nullptr when absent), already inflated — by signature verification,
// which inflated every part once (sign::verify_package_keeping_parts). The view must outlive the read.
using InflatedParts = std::function<const std::string*(std::string_view entry_name)>;
// The same as above on parts that are already inflated: `bytes` (the archive) is only checked against
// max_file_bytes, the parts against max_part_bytes, and nothing is inflated a second time.
Result<WorkbookSummary> read_readiness_workbook_parts(std::string_view bytes, const InflatedParts& parts,
                                                      const std::string& name, const WorkbookReadLimits& limits = {});

} // namespace klarmeld::report
