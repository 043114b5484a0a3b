#include "engine/sts_token_source.hpp"

#include <algorithm>

#include "engine/run_resources.hpp"
#include "interfaces/sts/sts_client.hpp"
#include "util/digest.hpp"

namespace klarmeld::engine {
namespace {

// Keeps the exchange as evidence and describes it for the probes that judge the issuance from this
// token (sts.issue): one STS call per entityID serves them and the calls that need the token.
void keep_evidence(RunResources& resources, const std::string& label, const std::string& url,
                   const sts::StsExchange& exchange, sts::TokenCall& call) {
  call.http_status = exchange.http_status;
  call.request_bytes = exchange.request_body.size();
  call.response_bytes = exchange.response_body.size();
  call.request_sha256 = sha256_hex(exchange.request_body);
  call.response_sha256 = sha256_hex(exchange.response_body);
  if (!exchange.request_body.empty() || !exchange.response_body.empty()) {
    // record_exchange redacts the assertion and access token before anything is kept.
    call.evidence_digest = resources.record_exchange(
        "sts", label, "POST " + url + "\n\n" + exchange.request_body,
        "HTTP " + std::to_string(exchange.http_status) + "\n\n" + exchange.response_body, &call.evidence_file);
  }
}

} // namespace

// One STS call per entityID (the token cache decides when): SOAP WS-Trust when the profile names
// the SOAP endpoint, else the WS-Trust JSON variant (kombit-notes "Tokens").
TokenCache::IssueFunction make_issue_function(RunResources& resources) {
  return [&resources](const std::string& entity_id, const std::string& cvr,
                      sts::TokenCall& call) -> Result<sts::IssuedToken> {
    TRY_ASSIGN(const crypto::Identity* identity, resources.system_identity());
    const profile::Environment& environment = resources.profile().environment;
    sts::StsRequest request;
    request.entity_id = entity_id;
    request.cvr = cvr; // the municipality's, from the token cache's key (a rollout asks for several)
    request.expected_issuer = environment.sts_issuer;
    request.sts_certificates = &resources.sts_certificates();
    sts::StsExchange exchange;
    Result<sts::IssuedToken> token =
        runtime_error("sts.unconfigured", "the profile names no STS URL (environment.sts)");
    if (!environment.sts_url.empty()) {
      request.sts_url = environment.sts_url;
      token = sts::request_token(resources.http(), *identity, request, &exchange);
    } else if (!environment.sts_rest_url.empty()) {
      request.sts_url = environment.sts_rest_url;
      token = sts::request_token_rest(resources.http(), *identity, request, &exchange);
    }
    keep_evidence(resources, "token " + entity_id + " " + cvr, request.sts_url, exchange, call);
    return token;
  };
}

// AccessTokenService: the assertion exchanged for an access token used as
// "Authorization: Holder-of-key <access_token>" on REST services.
TokenCache::ExchangeFunction make_exchange_function(RunResources& resources) {
  return [&resources](const sts::IssuedToken& token, sts::TokenCall& call) -> Result<sts::IssuedToken> {
    const std::string& url = resources.profile().environment.token_exchange_url;
    if (url.empty()) {
      return runtime_error("sts.unconfigured", "the profile names no AccessTokenService URL "
                                               "(environment.sts.token_exchange_url)");
    }
    sts::StsExchange exchange;
    auto access = sts::exchange_token(resources.http(), token, url, &exchange);
    keep_evidence(resources, "access token " + token.entity_id, url, exchange, call);
    if (!access) {
      return access.error();
    }
    call.token_type = access->token_type;
    call.expires_in = access->expires_in;
    sts::IssuedToken exchanged = token;
    exchanged.access_token = access->access_token;
    if (access->expires_in.count() > 0) {
      exchanged.not_on_or_after = std::min(token.not_on_or_after, Clock::now() + access->expires_in);
    }
    return exchanged;
  };
}

} // namespace klarmeld::engine
