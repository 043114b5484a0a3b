// The critical-path lower bound of a run: the longest chain of round trips that must happen one
// after another, from the plan and the number of sequential calls each probe makes.
#pragma once

#include <string>
#include <vector>

#include "engine/plan.hpp"

namespace klarmeld::bench {

struct ChainStep {
  std::string criterion_id;
  std::string probe;   // type[/variant|case|operation]
  int token_calls = 0; // round trips before the probe can start (STS, AccessTokenService)
  int probe_calls = 0; // the probe's own sequential round trips
  int total() const { return token_calls + probe_calls; }
};

// One step per invocation. Call counts (read from the probe sources, interfaces/*):
//   tls 0 (a bare handshake: the fixture injects latency in HTTP handlers, not in TLS), sts.issue 1
//   (soap, rest) or 2 (token_exchange: STS, then AccessTokenService), soap.call 1 after a token (STS: 1),
//   rest.call 1 after an access token (STS + AccessTokenService: 2), saml.metadata 1, saml.slo 2
//   (metadata, then the LogoutRequest), sts.protected 1 (replayed: 2, the same message twice; its
//   tokens are minted locally by the test issuer), sftp 1.
std::vector<ChainStep> chain_steps(const engine::Plan& plan);

struct CriticalPath {
  int round_trips = 0; // the longest dependent chain of any single criterion
  std::string longest; // which criterion
};
CriticalPath critical_path(const std::vector<ChainStep>& steps);

} // namespace klarmeld::bench
