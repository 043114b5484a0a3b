// Runs a plan's invocations on worker threads (= concurrency): token prefetch first, then every
// probe via the registry, with a try/catch backstop so nothing escapes. A cancel flag stops new
// work; what did not finish stays absent (the assessment calls it "afbrudt").
#pragma once

#include <functional>
#include <map>
#include <string>

#include "engine/plan.hpp"
#include "engine/run_resources.hpp"
#include "interfaces/probe.hpp"

namespace klarmeld::engine {

using ProbeDone = std::function<void(const Invocation&, const probes::ProbeResult&)>;

// Results by criterion id. `on_done` is called under a lock, one call at a time.
std::map<std::string, probes::ProbeResult> run_invocations(const Plan& plan, RunResources& resources,
                                                           const ProbeDone& on_done);

// One invocation, never throws: unknown type → Ikke testet; exceptions → Ikke testet.
probes::ProbeResult run_one(const Invocation& invocation, RunResources& resources);

// count tasks on up to `workers` threads; stops handing out tasks once `stop()` is true.
void run_parallel(size_t count, int workers, const std::function<bool()>& stop,
                  const std::function<void(size_t)>& task);

} // namespace klarmeld::engine
