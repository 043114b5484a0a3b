#include "bench/engine/critical_path.hpp"

#include <algorithm>

namespace klarmeld::bench {
namespace {

std::string param(const criteria::ProbeSpec& spec, const std::string& name) {
  auto found = spec.params.find(name);
  return found == spec.params.end() ? std::string() : found->second;
}

int probe_calls(const criteria::ProbeSpec& spec) {
  if (spec.type == "tls") {
    return 0;
  }
  if (spec.type == "sts.issue") {
    return param(spec, "variant") == "token_exchange" ? 2 : 1;
  }
  if (spec.type == "saml.slo") {
    return 2;
  }
  if (spec.type == "sts.protected") {
    return param(spec, "case") == "replayed" ? 2 : 1;
  }
  return 1; // soap.call, rest.call, saml.metadata, sftp
}

int token_calls(const engine::Invocation& invocation) {
  if (invocation.token_entity_id.empty()) {
    return 0;
  }
  return invocation.needs_access_token ? 2 : 1;
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
    steps.push_back({invocation.criterion->id, describe(spec), token_calls(invocation), probe_calls(spec)});
  }
  return steps;
}

CriticalPath critical_path(const std::vector<ChainStep>& steps) {
  CriticalPath path;
  int longest_token = 0;
  int longest_probe = 0;
  for (const auto& step : steps) {
    if (step.total() > path.round_trips) {
      path.round_trips = step.total();
      path.longest = step.criterion_id + " (" + step.probe + ")";
    }
    longest_token = std::max(longest_token, step.token_calls);
    longest_probe = std::max(longest_probe, step.probe_calls);
  }
  return path;
}

} // namespace klarmeld::bench
