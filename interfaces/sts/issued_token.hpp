// A token from KOMBIT's STS, as probes use it: the signed SAML assertion (holder-of-key to the
// system certificate) and, after token exchange, the Serviceplatform access token.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
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

// How the call that issued a token (STS) or exchanged it (AccessTokenService) went, kept for the
// probes that judge the issuance itself from the run's shared token. Digests and sizes only: the
// bodies hold the token.
struct TokenCall {
  long http_status = 0; // 0: no answer (a transport failure)
  size_t request_bytes = 0;
  size_t response_bytes = 0;
  std::string request_sha256;
  std::string response_sha256;
  std::string evidence_digest;        // as the run recorded the exchange (redacted)
  std::string evidence_file;          // "" unless evidence is saved
  std::string token_type;             // AccessTokenService's token_type (exchange only)
  std::chrono::seconds expires_in{0}; // and its expires_in
};

// Hands out one token per (system certificate, entityID, CVR), reused until expiry minus a margin.
class TokenProvider {
public:
  virtual ~TokenProvider() = default;
  virtual Result<std::shared_ptr<const IssuedToken>> token_for(const std::string& entity_id) = 0;
  // The same token exchanged at AccessTokenService (REST services), cached likewise.
  virtual Result<std::shared_ptr<const IssuedToken>> access_token_for(const std::string& entity_id) = 0;
  // The call behind token_for (exchanged = false) or access_token_for, success or failure, once it
  // has been made; none if it never reached the point of a request.
  virtual std::optional<TokenCall> token_call(const std::string& /*entity_id*/, bool /*exchanged*/) const {
    return std::nullopt;
  }
};

} // namespace klarmeld::sts
