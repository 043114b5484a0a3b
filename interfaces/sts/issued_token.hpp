// A token from KOMBIT's STS, as probes use it: the signed SAML assertion (holder-of-key to the
// system certificate) and, after token exchange, the Serviceplatform access token.
#pragma once

#include <memory>
#include <string>

#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::sts {

struct IssuedToken {
  std::string entity_id;     // AppliesTo / Audience
  std::string cvr;           // the CVR claim (the pilot municipality)
  std::string assertion_xml; // the saml:Assertion element, verbatim as the STS signed it
  std::string assertion_id;
  std::string issuer; // the assertion's Issuer (validated against the profile's expected issuer)
  TimePoint not_before{};
  TimePoint not_on_or_after{};
  std::string access_token; // AccessTokenService result, when exchanged (else empty)
};

// Hands out one token per (system certificate, entityID, CVR), reused until expiry minus a margin.
class TokenProvider {
public:
  virtual ~TokenProvider() = default;
  virtual Result<std::shared_ptr<const IssuedToken>> token_for(const std::string& entity_id) = 0;
  // The same token exchanged at AccessTokenService (REST services), cached likewise.
  virtual Result<std::shared_ptr<const IssuedToken>> access_token_for(const std::string& entity_id) = 0;
};

} // namespace klarmeld::sts
