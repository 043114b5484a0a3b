// The assessment rules (KOMBIT's klarmelding as this tool applies it):
// - a criterion is Ja only with a passing probe or valid (non-expired) manual evidence marked Ja;
// - an interface is klarmeldt Ja only when every required criterion is Ja, Nej when one is Nej, and
//   otherwise Ikke testet ("Afventer dokumentation" when only manual evidence is missing);
// - interfaces declared ikke_relevant are listed, not assessed (Ikke relevant);
// - interfaces left out by --only are not assessed (Ikke testet) and the run is incomplete.
#pragma once

#include <map>
#include <string>

#include "engine/assessment.hpp"
#include "engine/plan.hpp"
#include "interfaces/probe.hpp"

namespace klarmeld::engine {

struct AssessInput {
  const criteria::Catalog* catalog = nullptr;
  const profile::Profile* profile = nullptr;
  const Plan* plan = nullptr;
  const std::map<std::string, probes::ProbeResult>* probe_results = nullptr; // by criterion id
  profile::Date today;                                                       // for evidence expiry
  bool interrupted = false;     // cancelled: undecided probe criteria are "afbrudt"
  bool sts_unreachable = false; // every STS call of the run failed without an answer: could not run
};

Assessment assess(const AssessInput& input);

CriterionOutcome outcome_from_evidence(const criteria::Criterion& criterion, const profile::Profile& profile,
                                       const profile::Date& today);
CriterionOutcome outcome_from_probe(const criteria::Criterion& criterion, const probes::ProbeResult& result);
CriterionOutcome outcome_not_decided(const criteria::Criterion& criterion, Verdict verdict, std::string reason);

// Klarmeldt verdict and the "Bemærkninger" text from an interface's criteria.
void conclude(InterfaceOutcome& interface);

profile::Date today_utc();

} // namespace klarmeld::engine
