#include "engine/assessment.hpp"

namespace klarmeld::engine {

Readiness Assessment::readiness() const {
  bool all_klarmeldt = true;
  bool only_manual_pending = true;
  for (const auto& interface : interfaces) {
    if (!interface.assessed || interface.klarmeldt == Verdict::Ja) {
      continue;
    }
    all_klarmeldt = false;
    for (const auto& criterion : interface.criteria) {
      if (!criterion.required || criterion.verdict == Verdict::Ja) {
        continue;
      }
      // Pending means: the only thing missing is evidence a person has to give.
      bool manual_without_evidence = criterion.verdict == Verdict::IkkeTestet && criterion.method == "manual";
      only_manual_pending = only_manual_pending && manual_without_evidence;
    }
  }
  if (all_klarmeldt) {
    return Readiness::Ready;
  }
  return only_manual_pending && !incomplete ? Readiness::PendingEvidence : Readiness::NotReady;
}

} // namespace klarmeld::engine
