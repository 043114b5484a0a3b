// The probe contract: a probe checks one criterion against the target environment and always
// returns a ProbeResult. Probe::run is the one entry: it calls the probe's own check() and turns any
// exception that escapes it into Ikke testet with a reason, so a probe holds only its judging logic.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "criteria/model/verdict.hpp"
#include "profile/profile.hpp"
#include "util/time.hpp"

namespace klarmeld::probes {

// A key fact worth keeping as evidence: certificate subject, expiry, assertion id, HTTP status …
struct Fact {
  std::string key;
  std::string value;
};

struct ProbeResult {
  Verdict verdict = Verdict::IkkeTestet;
  std::string reason; // one line: why Ja/Nej/Ikke testet, precise enough to act on
  TimePoint started{};
  std::chrono::milliseconds duration{0};
  std::vector<Fact> facts;
  std::vector<std::string> warnings; // e.g. "certificate expires in 12 days"
  int http_status = 0;
  size_t request_bytes = 0;
  size_t response_bytes = 0;
  std::string request_sha256;
  std::string response_sha256;
  std::string evidence_file; // when --evidence DIR saved the exchange

  static ProbeResult ja(std::string reason);
  static ProbeResult nej(std::string reason);
  static ProbeResult not_tested(std::string reason);
};

class ProbeContext; // services a probe may use (HTTP, tokens, evidence, cancellation): engine/

// The token a probe will ask the engine's cache for: the service's entityID ("" = none) and whether
// it is the access token exchanged at AccessTokenService. The engine fetches it ahead, as a task of
// its own, so the probe starts only when its token is there.
struct TokenUse {
  std::string entity_id;
  bool access_token = false;
  // The probe asks the cache for tokens of its own choosing (several entityIDs, none fetched ahead):
  // its answer still depends on the municipality's CVR, so a rollout runs it once per municipality.
  bool per_municipality = false;
};

class Probe {
public:
  virtual ~Probe() = default;
  virtual std::string_view type() const = 0;
  // How many requests the probe makes one after another (tokens from the engine's cache not
  // counted): its share of the run's critical path. The runner starts the longest chains first.
  virtual int sequential_requests(const criteria::ProbeSpec&) const { return 1; }
  // Must name exactly the entityID the probe's run() asks the cache for.
  virtual TokenUse token_use(const criteria::ProbeSpec&, const profile::Profile&, const std::string&) const {
    return {};
  }
  // A probe that asks the cache for tokens of its own choosing (TokenUse::per_municipality): every
  // entityID its run() asks for, so that the engine fetches them ahead as tasks of their own — side
  // by side, within the host limits — and the probe finds them cached instead of asking the STS for
  // one after another while holding a worker. Must name every entityID run() asks for.
  virtual std::vector<std::string> tokens_ahead(const criteria::ProbeSpec&, const criteria::Catalog&,
                                                const profile::Profile&) const {
    return {};
  }
  // The entry every caller uses. Never throws: an exception escaping check() — a std::exception
  // with its what(), or any other type — becomes "Ikke testet" naming the probe type, because a
  // probe that could not finish has proved nothing either way.
  ProbeResult run(const criteria::Criterion& criterion, const criteria::ProbeSpec& spec,
                  ProbeContext& context) noexcept;

protected:
  // The probe's logic. A probe that cannot decide returns IkkeTestet with the reason; it may throw,
  // and run() turns what it throws into IkkeTestet.
  virtual ProbeResult check(const criteria::Criterion& criterion, const criteria::ProbeSpec& spec,
                            ProbeContext& context) = 0;
};

} // namespace klarmeld::probes
