// The plan of a run: which probes to invoke for which criteria, and which STS tokens they depend
// on (fetched first, once per entityID, then shared through the token cache).
#pragma once

#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "profile/profile.hpp"

namespace klarmeld::engine {

struct Invocation {
  const criteria::Interface* interface = nullptr;
  const criteria::Criterion* criterion = nullptr; // has a probe
  std::string token_entity_id;                    // the service whose token the probe needs; empty = none
  bool needs_access_token = false;                // REST services: the token exchanged at AccessTokenService
  bool per_municipality = false;                  // TokenUse::per_municipality
  std::vector<std::string> tokens_ahead;          // Probe::tokens_ahead: fetched before it starts, like token_entity_id
  // The municipality of a rollout it runs for (RunResources::add_municipality); 0 = the profile's.
  size_t scope = 0;
  // A probe depends on the municipality exactly when it uses a token: the STS issues it per
  // (entityID, CVR) and the calls made with it act on that municipality's behalf (kombit-notes
  // "Tokens"), or when it fetches tokens itself (sts.agreements). The others (TLS, metadata,
  // SSO/SLO, negative cases) give the same answer for all.
  bool depends_on_municipality() const { return !token_entity_id.empty() || per_municipality; }
  // Requests before the probe can start: STS (1), then AccessTokenService (2).
  int token_requests() const { return token_entity_id.empty() ? 0 : needs_access_token ? 2 : 1; }
};

struct TokenNeed {
  std::string entity_id;
  bool access_token = false;
  size_t scope = 0; // the municipality (Invocation::scope)
  bool operator==(const TokenNeed&) const = default;
};

struct Plan {
  std::vector<TokenNeed> tokens;         // fetched as tasks ahead of the invocations needing them
  std::vector<Invocation> invocations;   // catalog order
  std::vector<std::string> assessed;     // interface ids that are assessed
  std::vector<std::string> not_relevant; // declared ikke_relevant
  std::vector<std::string> not_selected; // left out by --only
  size_t criteria_to_decide = 0;         // probe + manual criteria in assessed interfaces
};

struct PlanOptions {
  std::vector<std::string> only; // interface ids; empty = all
};

Plan build_plan(const criteria::Catalog& catalog, const profile::Profile& profile, const PlanOptions& options);

} // namespace klarmeld::engine
