// The outcome of a run, self-contained (plain values, no pointers into the catalog or profile),
// so report writers, signers and aggregators depend on this header alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "criteria/model/verdict.hpp"
#include "engine/run_state.hpp"
#include "interfaces/probe.hpp"
#include "profile/profile.hpp"

namespace klarmeld::engine {

struct CriterionOutcome {
  std::string criterion_id; // SF1500.2
  int number = 0;
  std::string text_da;
  std::string text_en;
  bool required = true;
  bool published = false; // KOMBIT's own text (else drafted)
  Verdict verdict = Verdict::IkkeTestet;
  std::string method;     // "probe:sts.issue" or "manual"
  std::string reason;     // why
  std::string decided_at; // UTC ISO-8601, empty when not decided
  std::int64_t duration_ms = 0;
  std::string evidence_ref;    // evidence URL/file, or the probe's saved exchange
  std::string evidence_sha256; // digest of the evidence (file, or request/response exchange)
  std::string confirmed_by;    // manual evidence: who confirmed it
  std::vector<probes::Fact> facts;
  std::vector<std::string> warnings;
};

struct InterfaceOutcome {
  std::string id;
  std::string name_da;
  std::string name_en;
  profile::SelfDeclaration declaration = profile::SelfDeclaration::IkkeAngivet;
  bool assessed = true;             // false when declared "Ikke relevant" or excluded by --only
  Verdict klarmeldt = Verdict::Nej; // Ja only when every required criterion is Ja
  // Nothing required is Nej and every automated criterion passed; only manual evidence is awaited.
  // klarmeldt is then Ikke testet and the sheets say "Afventer dokumentation" (issue #14 item 4).
  bool pending_evidence = false;
  std::string remarks; // "Bemærkninger": a summary of what is missing
  std::vector<CriterionOutcome> criteria;
};

enum class Readiness {
  Ready,           // every assessed interface klarmeldt
  PendingEvidence, // nothing failed and every automated criterion passed; only manual evidence is missing
  NotReady,        // a criterion is Nej, or an automated criterion could not be decided
};

// Who and what was assessed, against which criteria, by which tool, when: the facts a readiness
// workbook carries in its header and documentation sheet, and report/workbook_reader.hpp reads back.
struct AssessmentHeader {
  // Who and what.
  std::string vendor_name;
  std::string vendor_cvr;
  std::string system_name;
  std::string system_version;
  std::string municipality_name;
  int municipality_code = 0;
  // Against which criteria, by which tool, when.
  std::string catalog_identity;
  std::string catalog_version;
  std::string catalog_sha256;
  std::string profile_sha256;
  std::string tool_identity;
  std::string started_at;  // UTC ISO-8601
  std::string finished_at; // UTC ISO-8601
  RunState run_state = RunState::Complete;
  bool incomplete = false; // run_state is not Complete: not every criterion was run
  std::string incomplete_reason;
};

struct Assessment : AssessmentHeader {
  // What the run could not set up although probes needed it: unreadable system certificate or
  // password, unreadable CA bundle … (the CLI exits 3 when this is non-empty and nothing passed).
  std::vector<std::string> setup_problems;
  std::vector<InterfaceOutcome> interfaces; // catalog order

  Readiness readiness() const;
};

// The assessment as JSON (docs/json-format.md): everything the workbook shows, for pipelines and
// dashboards. Keys in the order written here; report/json_writer turns it into the file's bytes.
inline constexpr int json_schema_version = 1;
const char* readiness_key(Readiness readiness); // "ready", "pending_evidence", "not_ready"
void to_json(nlohmann::ordered_json& json, const CriterionOutcome& criterion);
void to_json(nlohmann::ordered_json& json, const InterfaceOutcome& interface);
void to_json(nlohmann::ordered_json& json, const Assessment& assessment);

} // namespace klarmeld::engine
