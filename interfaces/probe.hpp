// The probe contract: a probe checks one criterion against the target environment and always
// returns a ProbeResult — it never throws past the runner (the runner also catches, as a backstop).
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
  // Must not throw; a probe that cannot decide returns IkkeTestet with the reason.
  virtual ProbeResult run(const criteria::Criterion& criterion, const criteria::ProbeSpec& spec,
                          ProbeContext& context) noexcept = 0;
};

} // namespace klarmeld::probes
