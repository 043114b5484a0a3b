// The rollout overview (issue #19, docs/rollout.md): one row per municipality, one column per
// interface, each cell the interface's verdict for that municipality and, for a Nej, why (the
// criteria that failed with their reasons). Written as a workbook, as HTML and as JSON beside the
// per-municipality readiness workbooks of the same run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/assessment.hpp"
#include "report/language.hpp"
#include "util/json.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

struct RolloutCell {
  Verdict verdict = Verdict::IkkeTestet;
  bool assessed = true;
  bool pending_evidence = false;
  std::string reason; // for a Nej: "SF1500.2: …; SF1500.4: …"; for Ikke testet: the undecided probes
  // CE1510.5 (sts.agreements) found no approved service agreement for this interface in this
  // municipality: the cell is Nej even when none of the interface's own criteria asks for a token.
  bool agreement_missing = false;
};

struct RolloutRow {
  std::string municipality;
  int code = 0;
  engine::Readiness readiness = engine::Readiness::NotReady;
  engine::RunState run_state = engine::RunState::Complete;
  std::vector<RolloutCell> cells; // in the order of RolloutOverview::interfaces
};

struct RolloutOverview {
  std::string vendor, system, system_version, started_at;
  std::vector<std::string> interfaces; // ids, catalog order
  std::vector<std::string> interface_names;
  std::vector<RolloutRow> rows; // the municipalities, in the order checked
};

// The overview workbook's one sheet. A reader of readiness workbooks (taskforce aggregate) tells a
// rollout overview by it: a summary of klarmeldinger, not one.
inline constexpr std::string_view rollout_sheet_danish = "Udrulning";
inline constexpr std::string_view rollout_sheet_english = "Rollout";

RolloutOverview build_rollout_overview(const std::vector<engine::Assessment>& assessments, Language language);

// "klarmelding-udrulning_<vendor>_<system>_<date>.xlsx"; the HTML has the same stem.
std::string default_rollout_name(const engine::Assessment& first);

Status write_rollout_workbook_at(const RolloutOverview& overview, const std::string& path, Language language);
std::string render_rollout_html(const RolloutOverview& overview, Language language);
// {"format": "klarmeld-rollout/1", "overview": …, "assessments": [the readiness JSON of each]}.
std::string render_rollout_json(const RolloutOverview& overview, const std::vector<engine::Assessment>& assessments);

void to_json(Json& json, const RolloutOverview& overview);

} // namespace klarmeld::report
