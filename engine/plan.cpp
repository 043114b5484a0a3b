#include "engine/plan.hpp"

#include <algorithm>

namespace klarmeld::engine {
namespace {

bool selected(const std::vector<std::string>& only, const std::string& interface_id) {
  return only.empty() || std::find(only.begin(), only.end(), interface_id) != only.end();
}

// The service a probe talks to: its `service` parameter, else its own interface.
std::string service_of(const criteria::ProbeSpec& spec, const std::string& own_interface) {
  auto found = spec.params.find("service");
  return found != spec.params.end() && !found->second.empty() ? found->second : own_interface;
}

std::string entity_id_of(const profile::Profile& profile, const std::string& interface_id) {
  auto found = profile.environment.interfaces.find(interface_id);
  return found == profile.environment.interfaces.end() ? std::string() : found->second.entity_id;
}

} // namespace

bool needs_token(const std::string& probe_type) {
  return probe_type == "soap.call" || probe_type == "rest.call";
}

Plan build_plan(const criteria::Catalog& catalog, const profile::Profile& profile, const PlanOptions& options) {
  Plan plan;
  for (const auto& interface : catalog.interfaces) {
    if (profile.declaration_for(interface.id) == profile::SelfDeclaration::IkkeRelevant) {
      plan.not_relevant.push_back(interface.id);
      continue;
    }
    if (!selected(options.only, interface.id)) {
      plan.not_selected.push_back(interface.id);
      continue;
    }
    plan.assessed.push_back(interface.id);
    plan.criteria_to_decide += interface.criteria.size();
    for (const auto& criterion : interface.criteria) {
      if (criterion.is_manual()) {
        continue;
      }
      Invocation invocation;
      invocation.interface = &interface;
      invocation.criterion = &criterion;
      if (needs_token(criterion.probe->type)) {
        invocation.token_entity_id = entity_id_of(profile, service_of(*criterion.probe, interface.id));
        invocation.needs_access_token = criterion.probe->type == "rest.call";
      }
      if (!invocation.token_entity_id.empty()) {
        TokenNeed need{invocation.token_entity_id, invocation.needs_access_token};
        if (std::find(plan.tokens.begin(), plan.tokens.end(), need) == plan.tokens.end()) {
          plan.tokens.push_back(need);
        }
      }
      plan.invocations.push_back(invocation);
    }
  }
  return plan;
}

} // namespace klarmeld::engine
