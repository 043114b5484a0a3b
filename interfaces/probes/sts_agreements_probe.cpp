#include "interfaces/probes/sts_agreements_probe.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/registry.hpp"

namespace klarmeld::probes {
namespace {

using support::finish;

// One service entityID and the interfaces that share it (SF1514's token probe names Organisation's).
struct Service {
  std::string entity_id;
  std::vector<std::string> interfaces;
};

std::string joined(const std::vector<std::string>& words, const char* separator = ", ") {
  std::string out;
  for (const auto& word : words) {
    out += (out.empty() ? "" : separator) + word;
  }
  return out;
}

void add(std::vector<Service>& services, const std::string& entity_id, const std::string& interface_id) {
  if (entity_id.empty()) {
    return;
  }
  auto same = std::find_if(services.begin(), services.end(),
                           [&](const Service& service) { return service.entity_id == entity_id; });
  if (same == services.end()) {
    services.push_back({entity_id, {interface_id}});
  } else if (std::find(same->interfaces.begin(), same->interfaces.end(), interface_id) == same->interfaces.end()) {
    same->interfaces.push_back(interface_id);
  }
}

// The services CE1510 covers, in catalog order, for every interface declared "Anvendes": each
// entityID its automated criteria take a token for (the registry's TokenUse, so PostForespoerg's
// counts for SF1601), and the profile's entity_id of an interface the vendor calls over a token
// (not saml: a SAML SP's entityID is the vendor's own, and no agreement of the vendor's covers it;
// nor an exposed interface, for the same reason).
std::vector<Service> services_in_use(const criteria::Catalog& catalog, const profile::Profile& profile) {
  std::vector<Service> services;
  for (const auto& interface : catalog.interfaces) {
    if (profile.declaration_for(interface.id) != profile::SelfDeclaration::Anvendes) {
      continue;
    }
    for (const auto& criterion : interface.criteria) {
      if (criterion.probe && criterion.probe->type != "sts.agreements") {
        add(services, token_use(*criterion.probe, profile, interface.id).entity_id, interface.id);
      }
    }
    auto endpoint = profile.environment.interfaces.find(interface.id);
    if (interface.direction == criteria::Direction::Uses && interface.transport != "saml" &&
        endpoint != profile.environment.interfaces.end()) {
      add(services, endpoint->second.entity_id, interface.id);
    }
  }
  return services;
}

class StsAgreementsProbe final : public Probe {
public:
  std::string_view type() const override { return "sts.agreements"; }
  // One token per service in use, for the municipality's CVR: a rollout must ask for each
  // municipality's own agreements, not report the pilot's for all (issue #19).
  TokenUse token_use(const criteria::ProbeSpec&, const profile::Profile&, const std::string&) const override {
    TokenUse use;
    use.per_municipality = true;
    return use;
  }
  // Every service's token is fetched ahead by the engine (one task each, in parallel within the STS
  // host's limits); asked for one after another here, 98 municipalities' agreements held most of a
  // rollout's workers in the STS's limiter while the calls those tokens unlock waited (session 15).
  std::vector<std::string> tokens_ahead(const criteria::ProbeSpec&, const criteria::Catalog& catalog,
                                        const profile::Profile& profile) const override {
    std::vector<std::string> entity_ids;
    for (const Service& service : services_in_use(catalog, profile)) {
      entity_ids.push_back(service.entity_id);
    }
    return entity_ids;
  }
  // Its STS calls are the tokens fetched ahead; it makes none of its own.
  int sequential_requests(const criteria::ProbeSpec&) const override { return 0; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    TimePoint started = Clock::now();
    const criteria::Catalog* catalog = context.catalog();
    if (catalog == nullptr) {
      return ProbeResult::not_tested("the catalog is not available to this probe");
    }
    if (context.profile().environment.sts_url.empty()) {
      return ProbeResult::not_tested("the profile has no environment.sts.url");
    }
    std::vector<Service> services = services_in_use(*catalog, context.profile());
    if (services.empty()) {
      return ProbeResult::not_tested("no interface is declared \"anvendes\" with a service entity_id");
    }
    ProbeResult result;
    std::vector<std::string> missing;     // "SF1510 (entityID): reason"
    std::vector<std::string> unreachable; // the STS never answered for these
    std::vector<std::string> covered;
    std::optional<sts::TokenCall> cited;
    for (const auto& service : services) {
      if (context.cancelled()) {
        return ProbeResult::not_tested("cancelled");
      }
      // The run's cache: one STS call per entityID for the whole run, shared with sts.issue,
      // soap.call, rest.call and bfo.receive.
      auto token = context.tokens().token_for(service.entity_id);
      std::optional<sts::TokenCall> call = context.tokens().token_call(service.entity_id, false);
      std::string names = joined(service.interfaces, "/");
      if (call) {
        result.request_bytes += call->request_bytes;
        result.response_bytes += call->response_bytes;
        if (!cited || (!token && cited->http_status != 0)) {
          cited = call;
        }
      }
      if (token) {
        covered.push_back(names + " (" + service.entity_id + ")");
        result.facts.push_back({names, (*token)->assertion_id + " for " + service.entity_id});
        continue;
      }
      bool answered = call && call->http_status != 0;
      if (!answered && token.error().code.rfind("http.", 0) == 0) {
        unreachable.push_back(names);
        continue;
      }
      missing.push_back(names + " (" + service.entity_id + "): " + token.error().message);
      result.facts.push_back({names, "no token: " + token.error().code});
    }
    if (cited) {
      result.request_sha256 = cited->request_sha256;
      result.response_sha256 = cited->response_sha256;
      result.http_status = static_cast<int>(cited->http_status);
      context.cite_exchange(cited->evidence_digest, cited->evidence_file);
    }
    if (!missing.empty()) {
      return finish(std::move(result), Verdict::Nej,
                    "no service agreement for " + std::to_string(missing.size()) + " of " +
                        std::to_string(services.size()) + " services in use: " + joined(missing, "; "),
                    started);
    }
    if (!unreachable.empty()) {
      return finish(std::move(result), Verdict::IkkeTestet, "the STS could not be reached for " + joined(unreachable),
                    started);
    }
    return finish(std::move(result), Verdict::Ja,
                  "the STS issued a token for the pilot CVR for every service in use: " + joined(covered), started);
  }
};

} // namespace

std::unique_ptr<Probe> make_sts_agreements_probe() {
  return std::make_unique<StsAgreementsProbe>();
}

} // namespace klarmeld::probes
