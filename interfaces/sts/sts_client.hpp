// Client for KOMBIT's STS (kombit-notes "Tokens"): fetch a holder-of-key SAML token for a service
// entityID + authority CVR with the system certificate, and validate it before anyone uses it.
//   request_token       SOAP WS-Trust 1.3 (§2.1): signed RST (BST = system certificate; references
//                       Action, MessageID, To, ReplyTo, Timestamp, Body, BST), POST over mTLS.
//   request_token_rest  WS-Trust as JSON (§2.3) over mTLS; the assertion comes back base64.
//   exchange_token      AccessTokenService (§2.3): form saml-token=<base64 assertion> over mTLS →
//                       access_token / token_type / expires_in.
// The SOAP answer's own message signature is verified with the configured STS certificate
// (rstr_signature.hpp). Every assertion is validated with saml::validate_assertion (trusted STS certificates, issuer,
// audience = entityID, lifetime, holder-of-key = our certificate, CVR) — a token that fails is an
// error, never handed out.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "crypto/identity.hpp"
#include "interfaces/http/http_client.hpp"
#include "interfaces/saml/assertion_validation.hpp"
#include "interfaces/sts/issued_token.hpp"
#include "util/result.hpp"

namespace klarmeld::sts {

struct StsRequest {
  std::string sts_url;         // SOAP endpoint (request_token) or REST endpoint (request_token_rest)
  std::string entity_id;       // AppliesTo: the service entityID
  std::string cvr;             // the authority (pilot municipality) CVR claim
  std::string expected_issuer; // the assertion Issuer to require; empty: not checked
  const std::vector<crypto::X509Ptr>* sts_certificates = nullptr; // trusted assertion signers (required)
};

// What went over the wire, for evidence and facts (filled as far as the exchange got).
struct StsExchange {
  std::string request_body; // contains no secret: the RST carries only the public certificate
  long http_status = 0;
  std::string response_body; // contains the assertion: redact before storing
  std::chrono::milliseconds elapsed{0};
};

// Error codes: http.* (transport, kept from http::Client), sts.http (non-2xx without a fault), sts.fault (SOAP fault:
// code + reason), sts.malformed, sts.no-trust (no STS certificate configured), sts.rstr-* / sts.relates-to (the
// RSTR's message signature, rstr_signature.hpp; SOAP only), or the saml.* code of the failed assertion check
// (message prefixed "the STS's assertion …").
Result<IssuedToken> request_token(http::Client& client, const crypto::Identity& system, const StsRequest& request,
                                  StsExchange* exchange = nullptr);
Result<IssuedToken> request_token_rest(http::Client& client, const crypto::Identity& system, const StsRequest& request,
                                       StsExchange* exchange = nullptr);

struct AccessToken {
  std::string access_token;
  std::string token_type; // e.g. "Holder-of-key"
  std::chrono::seconds expires_in{0};
};
Result<AccessToken> exchange_token(http::Client& client, const IssuedToken& token, const std::string& exchange_url,
                                   StsExchange* exchange = nullptr);

// Shared by the variants: validate an assertion (its exact bytes, as the STS returned them) for the
// request and describe it as an IssuedToken that carries those same bytes.
Result<IssuedToken> accept_assertion(const std::string& assertion_xml, const crypto::Identity& system,
                                     const StsRequest& request);

} // namespace klarmeld::sts
