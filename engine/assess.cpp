#include "engine/assess.hpp"

#include <algorithm>
#include <ctime>

#include "util/time.hpp"
#include "util/version.hpp"

namespace klarmeld::engine {
namespace {

CriterionOutcome base_outcome(const criteria::Criterion& criterion) {
  CriterionOutcome outcome;
  outcome.criterion_id = criterion.id;
  outcome.number = criterion.number;
  outcome.text_da = criterion.text_da;
  outcome.text_en = criterion.text_en;
  outcome.required = criterion.required;
  outcome.published = criterion.source == criteria::TextSource::Published;
  outcome.method = criterion.is_manual() ? "manual" : "probe:" + criterion.probe->type;
  return outcome;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

InterfaceOutcome interface_header(const criteria::Interface& interface, const profile::Profile& profile) {
  InterfaceOutcome outcome;
  outcome.id = interface.id;
  outcome.name_da = interface.name_da;
  outcome.name_en = interface.name_en;
  outcome.declaration = profile.declaration_for(interface.id);
  return outcome;
}

// Not klarmeldt: Nej only when a criterion that counts was disproven. Criteria that could not be
// decided (the environment did not answer, evidence not given yet) prove nothing against the vendor,
// so the interface is Ikke testet — never Nej for an unreachable STS (issue #14 item 2).
Verdict undecided_or_nej(const InterfaceOutcome& interface) {
  bool any_required = std::any_of(interface.criteria.begin(), interface.criteria.end(),
                                  [](const auto& criterion) { return criterion.required; });
  for (const auto& criterion : interface.criteria) {
    if (criterion.verdict == Verdict::Nej && (criterion.required || !any_required)) {
      return Verdict::Nej;
    }
  }
  return interface.criteria.empty() ? Verdict::Nej : Verdict::IkkeTestet;
}

// Every required criterion that is not Ja is manual and still undecided: only a person's evidence is
// missing (the rule Assessment::readiness applies to the whole run).
bool only_evidence_awaited(const InterfaceOutcome& interface) {
  return std::all_of(interface.criteria.begin(), interface.criteria.end(), [](const auto& criterion) {
    return !criterion.required || criterion.verdict == Verdict::Ja ||
           (criterion.verdict == Verdict::IkkeTestet && criterion.method == "manual");
  });
}

} // namespace

profile::Date today_utc() {
  std::time_t now = Clock::to_time_t(Clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  return profile::Date{parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};
}

CriterionOutcome outcome_not_decided(const criteria::Criterion& criterion, Verdict verdict, std::string reason) {
  CriterionOutcome outcome = base_outcome(criterion);
  outcome.verdict = verdict;
  outcome.reason = std::move(reason);
  return outcome;
}

CriterionOutcome outcome_from_evidence(const criteria::Criterion& criterion, const profile::Profile& profile,
                                       const profile::Date& today) {
  CriterionOutcome outcome = base_outcome(criterion);
  const profile::Evidence* evidence = profile.evidence_for(criterion.id);
  if (evidence == nullptr) {
    outcome.reason = "no evidence in profile";
    return outcome;
  }
  outcome.evidence_ref = evidence->url.empty() ? evidence->file : evidence->url;
  outcome.evidence_sha256 = evidence->sha256;
  outcome.confirmed_by = evidence->confirmed_by;
  outcome.decided_at = evidence->date.iso();
  if (evidence->expires && *evidence->expires < today) {
    outcome.reason = "evidence expired on " + evidence->expires->iso();
    return outcome;
  }
  bool yes = evidence->answer == profile::EvidenceAnswer::Ja;
  outcome.verdict = yes ? Verdict::Ja : Verdict::Nej;
  std::string who = evidence->confirmed_by.empty() ? "" : ", confirmed by " + evidence->confirmed_by;
  outcome.reason = std::string("manual evidence: ") + (yes ? "ja" : "nej") + who + " (" + evidence->date.iso() + ")";
  if (!evidence->remark.empty()) {
    outcome.reason += " — " + evidence->remark;
  }
  return outcome;
}

CriterionOutcome outcome_from_probe(const criteria::Criterion& criterion, const probes::ProbeResult& result) {
  CriterionOutcome outcome = base_outcome(criterion);
  outcome.verdict = result.verdict == Verdict::IkkeRelevant ? Verdict::IkkeTestet : result.verdict;
  outcome.reason = result.reason;
  if (result.started != TimePoint{}) {
    outcome.decided_at = iso8601_utc(result.started);
  }
  outcome.duration_ms = result.duration.count();
  outcome.evidence_ref = result.evidence_file;
  outcome.evidence_sha256 = !result.response_sha256.empty() ? result.response_sha256 : result.request_sha256;
  outcome.facts = result.facts;
  if (result.http_status != 0) {
    outcome.facts.push_back({"http_status", std::to_string(result.http_status)});
  }
  if (!result.request_sha256.empty()) {
    outcome.facts.push_back({"request_sha256", result.request_sha256});
    outcome.facts.push_back({"request_bytes", std::to_string(result.request_bytes)});
  }
  if (!result.response_sha256.empty()) {
    outcome.facts.push_back({"response_sha256", result.response_sha256});
    outcome.facts.push_back({"response_bytes", std::to_string(result.response_bytes)});
  }
  outcome.warnings = result.warnings;
  return outcome;
}

void conclude(InterfaceOutcome& interface) {
  bool any_required = false;
  bool all_required_ja = true;
  std::string missing;
  for (const auto& criterion : interface.criteria) {
    if (criterion.verdict == Verdict::Ja) {
      any_required = any_required || criterion.required;
      continue;
    }
    std::string entry = criterion.criterion_id + " " + std::string(to_danish(criterion.verdict)) +
                        (criterion.reason.empty() ? "" : ": " + criterion.reason);
    if (criterion.required) {
      any_required = true;
      all_required_ja = false;
      missing += (missing.empty() ? "" : "; ") + entry;
    } else {
      missing += (missing.empty() ? "" : "; ") + entry + " (valgfrit)";
    }
  }
  bool ja = any_required ? all_required_ja
                         : std::all_of(interface.criteria.begin(), interface.criteria.end(),
                                       [](const auto& criterion) { return criterion.verdict == Verdict::Ja; });
  interface.klarmeldt = ja && !interface.criteria.empty() ? Verdict::Ja : undecided_or_nej(interface);
  interface.pending_evidence = interface.klarmeldt == Verdict::IkkeTestet && only_evidence_awaited(interface);
  if (interface.klarmeldt == Verdict::Ja) {
    interface.remarks =
        missing.empty() ? "Alle kriterier er opfyldt." : "Alle krævede kriterier er opfyldt. " + missing;
  } else if (interface.pending_evidence) {
    interface.remarks = "Afventer dokumentation: " + missing;
  } else {
    interface.remarks = "Mangler: " + missing;
  }
}

Assessment assess(const AssessInput& input) {
  const criteria::Catalog& catalog = *input.catalog;
  const profile::Profile& profile = *input.profile;
  const Plan& plan = *input.plan;
  Assessment assessment;
  assessment.vendor_name = profile.vendor_name;
  assessment.vendor_cvr = profile.vendor_cvr;
  assessment.system_name = profile.system_name;
  assessment.system_version = profile.system_version;
  assessment.municipality_name = profile.municipality_name;
  assessment.municipality_code = profile.municipality_code;
  assessment.catalog_identity = catalog.identity;
  assessment.catalog_version = catalog.version;
  assessment.catalog_sha256 = catalog.sha256;
  assessment.profile_sha256 = profile.sha256;
  assessment.tool_identity = tool_identity();

  for (const auto& interface : catalog.interfaces) {
    InterfaceOutcome outcome = interface_header(interface, profile);
    if (contains(plan.not_relevant, interface.id)) {
      outcome.assessed = false;
      outcome.klarmeldt = Verdict::IkkeRelevant;
      outcome.remarks = "Leverandøren har angivet integrationen som ikke relevant.";
      for (const auto& criterion : interface.criteria) {
        outcome.criteria.push_back(
            outcome_not_decided(criterion, Verdict::IkkeRelevant, "interface declared not relevant by the vendor"));
      }
    } else if (contains(plan.not_selected, interface.id)) {
      outcome.assessed = false;
      outcome.klarmeldt = Verdict::IkkeTestet;
      outcome.remarks = "Ikke testet i denne kørsel (--only).";
      for (const auto& criterion : interface.criteria) {
        outcome.criteria.push_back(outcome_not_decided(criterion, Verdict::IkkeTestet, "not selected (--only)"));
      }
    } else {
      for (const auto& criterion : interface.criteria) {
        if (criterion.is_manual()) {
          outcome.criteria.push_back(outcome_from_evidence(criterion, profile, input.today));
          continue;
        }
        const probes::ProbeResult* result = nullptr;
        if (input.probe_results != nullptr) {
          if (auto found = input.probe_results->find(criterion.id); found != input.probe_results->end()) {
            result = &found->second;
          }
        }
        if (result != nullptr) {
          outcome.criteria.push_back(outcome_from_probe(criterion, *result));
        } else {
          outcome.criteria.push_back(outcome_not_decided(
              criterion, Verdict::IkkeTestet, input.interrupted ? "afbrudt (run interrupted)" : "probe not run"));
        }
      }
      conclude(outcome);
    }
    assessment.interfaces.push_back(std::move(outcome));
  }

  std::vector<std::string> reasons;
  if (input.interrupted) {
    reasons.push_back("interrupted before every probe had run");
  }
  if (input.sts_unreachable) {
    reasons.push_back("the STS could not be reached");
  }
  if (!plan.not_selected.empty()) {
    reasons.push_back("only part of the catalog was selected (--only)");
  }
  // The most telling state wins: a signal ended it, else the environment was not there, else --only.
  assessment.run_state = input.interrupted            ? RunState::Interrupted
                         : input.sts_unreachable      ? RunState::CouldNotRun
                         : !plan.not_selected.empty() ? RunState::Partial
                                                      : RunState::Complete;
  assessment.incomplete = !reasons.empty();
  for (const auto& reason : reasons) {
    assessment.incomplete_reason += (assessment.incomplete_reason.empty() ? "" : "; ") + reason;
  }
  return assessment;
}

} // namespace klarmeld::engine
