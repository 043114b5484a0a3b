#include "bench/engine/critical_path.hpp"

#include "interfaces/registry.hpp"

namespace klarmeld::bench {
namespace {

std::string param(const criteria::ProbeSpec& spec, const std::string& name) {
  auto found = spec.params.find(name);
  return found == spec.params.end() ? std::string() : found->second;
}

std::string describe(const criteria::ProbeSpec& spec) {
  for (const char* key : {"variant", "case", "operation"}) {
    std::string value = param(spec, key);
    if (!value.empty()) {
      return spec.type + "/" + value;
    }
  }
  return spec.type;
}

} // namespace

std::vector<ChainStep> chain_steps(const engine::Plan& plan) {
  std::vector<ChainStep> steps;
  for (const auto& invocation : plan.invocations) {
    const criteria::ProbeSpec& spec = *invocation.criterion->probe;
    steps.push_back(
        {invocation.criterion->id, describe(spec), invocation.token_requests(), probes::sequential_requests(spec)});
  }
  return steps;
}

CriticalPath critical_path(const std::vector<ChainStep>& steps) {
  CriticalPath path;
  for (const auto& step : steps) {
    if (step.total() > path.round_trips) {
      path.round_trips = step.total();
      path.longest = step.criterion_id + " (" + step.probe + ")";
    }
  }
  return path;
}

} // namespace klarmeld::bench
