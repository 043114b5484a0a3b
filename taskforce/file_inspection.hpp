// One input file, checked the way `klarmeld verify` checks it (sign::verify_package_keeping_parts: the
// very parts that are then read, inflated once), reduced to the small row the overview needs. A file is either accepted
// (valid, trusted, readable) or excluded with a reason — never silently counted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/handles.hpp"
#include "report/workbook_labels.hpp"
#include "report/workbook_reader.hpp"
#include "taskforce/submission_identity.hpp"

namespace klarmeld::taskforce {

// The exclusion code of a rollout overview: listed, neither counted nor a failed check.
inline constexpr std::string_view rollout_overview_code = "rollout-overview";
// What a listed rollout overview is, in every output that lists one (CLI, workbook, HTML).
inline constexpr std::string_view rollout_overview_note =
    "opsummerer kommunernes klarmeldinger, som tælles hver for sig";

struct CriterionCell {
  std::string id;
  Verdict verdict = Verdict::IkkeTestet;
  std::string reason;
};

struct InterfaceCell {
  Verdict klarmeldt = Verdict::IkkeTestet;
  bool pending_evidence = false; // "Afventer dokumentation" on the file's sheet (klarmeldt Ikke testet)
  bool present = false;          // the file lists this interface (an older catalog may not)
  std::vector<CriterionCell> criteria;

  // The word the matrix and the heat map show: the file's own, "Afventer dokumentation" included.
  std::string_view word() const {
    return pending_evidence ? report::danish_labels.pending_evidence : to_danish(klarmeldt);
  }
};

struct InspectedFile {
  std::string path;
  std::string sha256;
  std::string signers;        // "subject (CVR n); …" of every package signature
  size_t signature_count = 0; // package signatures (a countersigned file has two)
  bool accepted = false;
  // unsigned | invalid | untrusted | unreadable; after duplicate resolution also superseded | duplicate |
  // conflict (duplicate_resolver.hpp)
  std::string exclusion_code;
  std::string exclusion_reason;
  // Content (accepted files only).
  std::string vendor;
  std::string vendor_cvr;
  std::string system;
  std::string system_version;
  std::string municipality;
  std::string catalog_version;
  std::string catalog_identity;
  bool older_catalog = false;
  bool incomplete = false;
  std::vector<InterfaceCell> cells;            // one per column (catalog order)
  std::vector<std::string> unknown_interfaces; // in the file, not in the current catalog
  SubmissionIdentity identity;                 // which klarmelding this is (accepted files only)
  std::string conflict_note;                   // counted, but another file has the same time and different content
  std::string criteria_note;                   // counted, but its criteria (the HTML's details) could not be read: why
};

struct InspectionSettings {
  const std::vector<crypto::X509Ptr>* trust_anchors = nullptr;
  std::vector<std::string> columns; // interface ids, current catalog order
  std::string catalog_version;      // current catalog version
  bool keep_criteria = false;       // for the HTML details
};

InspectedFile inspect_file(const std::string& path, const InspectionSettings& settings);

// A `check` rollout's signed overview: listed in every output beside the klarmeldinger it sums up,
// neither counted nor among the excluded files (which are failed checks and replaced klarmeldinger).
inline bool is_rollout_overview(const InspectedFile& file) {
  return !file.accepted && file.exclusion_code == rollout_overview_code;
}

} // namespace klarmeld::taskforce
