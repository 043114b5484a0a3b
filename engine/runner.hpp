// Runs a plan on worker threads (run_workers) as a task graph (engine/schedule decides the order, engine/task_pool
// runs it): STS tokens and exchanged access tokens are tasks ahead of the probes that need them, and the longest chain
// of requests goes first. Every probe runs via the registry and Probe::run, which turns whatever a probe throws into
// "Ikke testet". A cancel flag stops new work; what did not finish stays absent ("afbrudt").
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

// The same for a plan whose invocations run for several municipalities (Invocation::scope, a
// rollout): results by (scope, criterion id), tokens fetched per (scope, entityID).
using ScopedResults = std::map<std::pair<size_t, std::string>, probes::ProbeResult>;
ScopedResults run_scoped_invocations(const Plan& plan, RunResources& resources, const ProbeDone& on_done);

// How many workers a run with `concurrency` requests in flight uses: one more per CPU slot, so that
// building the next requests overlaps those in flight (the HTTP client caps what is under way).
int run_workers(int concurrency, int cpu_slots);

// One invocation: unknown type → Ikke testet; a probe's exceptions → Ikke testet (Probe::run).
probes::ProbeResult run_one(const Invocation& invocation, RunResources& resources);

} // namespace klarmeld::engine
