#include "engine/plan.hpp"

#include <algorithm>

#include "interfaces/registry.hpp"

namespace klarmeld::engine {
namespace {

bool selected(const std::vector<std::string>& only, const std::string& interface_id) {
  return only.empty() || std::find(only.begin(), only.end(), interface_id) != only.end();
}

void add_token_need(Plan& plan, const TokenNeed& need) {
  if (std::find(plan.tokens.begin(), plan.tokens.end(), need) == plan.tokens.end()) {
    plan.tokens.push_back(need);
  }
}

} // namespace

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
      probes::TokenUse token = probes::token_use(*criterion.probe, profile, interface.id);
      invocation.token_entity_id = token.entity_id;
      invocation.needs_access_token = !token.entity_id.empty() && token.access_token;
      invocation.per_municipality = token.per_municipality;
      if (token.per_municipality) {
        invocation.tokens_ahead = probes::tokens_ahead(*criterion.probe, catalog, profile);
      }
      if (!invocation.token_entity_id.empty()) {
        add_token_need(plan, TokenNeed{invocation.token_entity_id, invocation.needs_access_token});
      }
      for (const std::string& entity_id : invocation.tokens_ahead) {
        add_token_need(plan, TokenNeed{entity_id, false});
      }
      plan.invocations.push_back(invocation);
    }
  }
  return plan;
}

} // namespace klarmeld::engine
