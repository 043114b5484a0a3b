// The engine's entry point: catalog + profile → plan → probes → assessment. Never throws.
// Cancel: set *options.cancel (e.g. from a SIGINT handler); running transfers end promptly,
// unfinished criteria become "Ikke testet (afbrudt)" and the assessment is marked incomplete —
// the caller still writes the spreadsheet.
#pragma once

#include "criteria/model/catalog.hpp"
#include "engine/assessment.hpp"
#include "engine/progress.hpp"
#include "engine/run_options.hpp"
#include "profile/profile.hpp"

namespace klarmeld::engine {

Assessment run_check(const criteria::Catalog& catalog, const profile::Profile& profile, const RunOptions& options);

// Shared with run_rollout (engine/rollout.hpp):
struct Plan;
// The manual criteria's outcomes (from the profile's evidence), reported as decided at the start.
void report_manual_outcomes(const Plan& plan, const criteria::Catalog& catalog, const profile::Profile& profile,
                            ProgressSink& progress);
// Last resort when something inside the engine threw: every assessed criterion "Ikke testet".
Assessment failed_run(const criteria::Catalog& catalog, const profile::Profile& profile, const std::string& why);

} // namespace klarmeld::engine
