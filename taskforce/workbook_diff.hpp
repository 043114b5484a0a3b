// `klarmeld diff OLD.xlsx NEW.xlsx`: what changed between two runs for the same vendor/system/
// municipality — criteria flipped, interfaces added or dropped, catalog version and signer changes.
// A regression is any criterion or interface that was Ja and is now Nej.
#pragma once

#include <string>
#include <vector>

#include "crypto/handles.hpp"
#include "report/workbook_reader.hpp"
#include "util/result.hpp"

namespace klarmeld::taskforce {

struct VerdictChange {
  std::string id;
  Verdict before = Verdict::IkkeTestet;
  Verdict after = Verdict::IkkeTestet;
  // An interface awaiting only manual evidence ("Afventer dokumentation", issue #14 item 4): its
  // klarmeldt is Ikke testet, but it is a state of its own, so a change to or from it is a change.
  bool before_pending = false;
  bool after_pending = false;
  bool regression() const { return before == Verdict::Ja && after == Verdict::Nej; }
};

struct DiffSide {
  std::string path;
  std::string sha256;
  std::string signers;
  bool signature_valid = false;
  bool signature_trusted = false;
  report::WorkbookSummary content;
};

struct WorkbookDiff {
  DiffSide before;
  DiffSide after;
  bool same_subject = true; // vendor, system and municipality agree
  bool catalog_changed = false;
  bool signer_changed = false;
  std::vector<std::string> interfaces_added;
  std::vector<std::string> interfaces_dropped;
  std::vector<VerdictChange> interface_changes;
  std::vector<VerdictChange> criterion_changes;
  std::vector<std::string> criteria_added;
  std::vector<std::string> criteria_dropped;

  bool regression() const;
};

Result<DiffSide> read_diff_side(const std::string& path, const std::vector<crypto::X509Ptr>& trust_anchors);
WorkbookDiff diff_workbooks(DiffSide before, DiffSide after);

} // namespace klarmeld::taskforce
