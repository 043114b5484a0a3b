#include "interfaces/probes/sts_issue_probe.hpp"

#include <optional>
#include <utility>

#include "criteria/model/probe_types.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/sts/sts_client.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes {
namespace {

using criteria::StsVariant;
using support::finish;
using support::service_of;

bool is_transport_failure(const Error& error) {
  return error.code.rfind("http.", 0) == 0;
}

void add_token_facts(ProbeResult& result, const sts::IssuedToken& token) {
  auto hours =
      std::chrono::duration_cast<std::chrono::minutes>(token.not_on_or_after - token.not_before).count() / 60.0;
  result.facts.push_back({"assertion_id", token.assertion_id});
  result.facts.push_back({"issuer", token.issuer});
  result.facts.push_back({"audience", token.entity_id});
  result.facts.push_back({"cvr", token.cvr});
  result.facts.push_back({"not_before", iso8601_utc(token.not_before)});
  result.facts.push_back({"not_on_or_after", iso8601_utc(token.not_on_or_after)});
  result.facts.push_back({"lifetime_hours", std::to_string(hours).substr(0, std::to_string(hours).find('.') + 2)});
}

// The interface whose entityID the token is for: "service", else the criterion's own.
// Adds a call to the result: sizes, digests, status, and the run's record of it as evidence.
void cite(ProbeContext& context, const std::optional<sts::TokenCall>& call, ProbeResult& result) {
  if (!call) {
    return;
  }
  result.request_bytes += call->request_bytes;
  result.response_bytes += call->response_bytes;
  result.request_sha256 = call->request_sha256;
  result.response_sha256 = call->response_sha256;
  result.http_status = static_cast<int>(call->http_status);
  context.cite_exchange(call->evidence_digest, call->evidence_file);
}

bool answered(const std::optional<sts::TokenCall>& call) {
  return call && call->http_status != 0;
}

// No token: Ikke testet when the STS never answered (transport), Nej when it answered and refused or
// sent something that does not hold.
ProbeResult no_token(ProbeResult result, const Error& error, bool sts_answered, const std::string& entity_id,
                     TimePoint started) {
  if (is_transport_failure(error) && !sts_answered) {
    return finish(std::move(result), Verdict::IkkeTestet, "the STS could not be reached: " + error.message, started);
  }
  return finish(std::move(result), Verdict::Nej, "no valid token for " + entity_id + ": " + error.message, started);
}

// soap and token_exchange judge the run's own token for the service: the engine asks the STS once
// per (system certificate, entityID, CVR) (engine/token_cache), and that call is the issuance
// these criteria are about — asking again would only load KOMBIT's STS twice. rest asks the
// WS-Trust JSON endpoint itself.
class StsIssueProbe final : public Probe {
public:
  std::string_view type() const override { return "sts.issue"; }
  int sequential_requests(const criteria::ProbeSpec& spec) const override {
    return spec.modes.sts_variant == StsVariant::Rest ? 1 : 0; // soap, token_exchange: the token's requests
  }
  TokenUse token_use(const criteria::ProbeSpec& spec, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    StsVariant variant = spec.modes.sts_variant;
    const profile::Environment& environment = profile.environment;
    if (variant == StsVariant::Rest || environment.sts_url.empty() ||
        (variant == StsVariant::TokenExchange && environment.token_exchange_url.empty())) {
      return {};
    }
    auto endpoint = environment.interfaces.find(service_of(spec, interface_id));
    if (endpoint == environment.interfaces.end()) {
      return {};
    }
    return TokenUse{endpoint->second.entity_id, variant == StsVariant::TokenExchange};
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    TimePoint started = Clock::now();
    StsVariant variant = spec.modes.sts_variant;
    std::string service = service_of(spec, context.interface().id);
    const profile::Environment& environment = context.profile().environment;
    auto endpoint = context.endpoint(service);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    if (endpoint->entity_id.empty()) {
      return ProbeResult::not_tested("the profile gives no entity_id for " + service + " (the token's AppliesTo)");
    }
    std::string url = variant == StsVariant::Rest ? environment.sts_rest_url : environment.sts_url;
    if (url.empty()) {
      return ProbeResult::not_tested(std::string("the profile has no ") + (variant == StsVariant::Rest
                                                                               ? "environment.sts.rest_url"
                                                                               : "environment.sts.url"));
    }
    if (variant == StsVariant::TokenExchange && environment.token_exchange_url.empty()) {
      return ProbeResult::not_tested("the profile has no environment.sts.token_exchange_url");
    }
    if (context.sts_certificates().empty()) {
      return ProbeResult::not_tested("no STS certificate configured (credentials.sts_certificate): the token's "
                                     "signature cannot be checked");
    }
    auto identity = context.system_identity();
    if (!identity) {
      return ProbeResult::not_tested("system certificate unavailable: " + identity.error().message);
    }
    if (variant == StsVariant::Rest) {
      return issue_rest(context, **identity, url, endpoint->entity_id, started);
    }
    return judge_run_token(context, variant, endpoint->entity_id, started);
  }

  static ProbeResult judge_run_token(ProbeContext& context, StsVariant variant, const std::string& entity_id,
                                     TimePoint started) {
    ProbeResult result;
    sts::TokenProvider& tokens = context.tokens();
    auto token = tokens.token_for(entity_id);
    std::optional<sts::TokenCall> call = tokens.token_call(entity_id, false);
    cite(context, call, result);
    if (!token) {
      return no_token(std::move(result), token.error(), answered(call), entity_id, started);
    }
    const sts::IssuedToken& issued = **token;
    add_token_facts(result, issued);
    if (variant != StsVariant::TokenExchange) {
      return finish(result, Verdict::Ja, issued_reason(issued), started);
    }
    auto access = tokens.access_token_for(entity_id);
    std::optional<sts::TokenCall> exchanged = tokens.token_call(entity_id, true);
    cite(context, exchanged, result);
    if (!access) {
      if (is_transport_failure(access.error()) && !answered(exchanged)) {
        return finish(result, Verdict::IkkeTestet, "AccessTokenService could not be reached: " + access.error().message,
                      started);
      }
      return finish(result, Verdict::Nej, "token exchange failed: " + access.error().message, started);
    }
    std::string token_type = exchanged ? exchanged->token_type : std::string();
    long long expires_in = exchanged ? static_cast<long long>(exchanged->expires_in.count()) : 0;
    result.facts.push_back({"token_type", token_type});
    result.facts.push_back({"expires_in", std::to_string(expires_in)});
    result.facts.push_back({"access_token_sha256", sha256_hex((*access)->access_token)});
    return finish(result, Verdict::Ja,
                  "token " + issued.assertion_id + " exchanged for a " +
                      (token_type.empty() ? std::string("(untyped)") : token_type) + " access token valid " +
                      std::to_string(expires_in) + " s",
                  started);
  }

  static ProbeResult issue_rest(ProbeContext& context, const crypto::Identity& identity, const std::string& url,
                                const std::string& entity_id, TimePoint started) {
    sts::StsRequest request;
    request.sts_url = url;
    request.entity_id = entity_id;
    request.cvr = context.profile().municipality_cvr;
    request.expected_issuer = context.profile().environment.sts_issuer;
    request.sts_certificates = &context.sts_certificates();
    ProbeResult result;
    sts::StsExchange exchange;
    auto token = sts::request_token_rest(context.http(), identity, request, &exchange);
    record(context, url, exchange, result);
    if (!token) {
      return no_token(std::move(result), token.error(), exchange.http_status != 0, entity_id, started);
    }
    add_token_facts(result, *token);
    return finish(result, Verdict::Ja, issued_reason(*token), started);
  }

  static std::string issued_reason(const sts::IssuedToken& token) {
    return "the STS issued a valid holder-of-key token " + token.assertion_id + " for " + token.entity_id + ", CVR " +
           token.cvr + " (valid " + iso8601_utc(token.not_before) + " – " + iso8601_utc(token.not_on_or_after) + ")";
  }

  static void record(ProbeContext& context, const std::string& url, const sts::StsExchange& exchange,
                     ProbeResult& result) {
    result.request_bytes += exchange.request_body.size();
    result.response_bytes += exchange.response_body.size();
    result.request_sha256 = sha256_hex(exchange.request_body);
    result.response_sha256 = sha256_hex(exchange.response_body);
    result.http_status = static_cast<int>(exchange.http_status);
    context.record_exchange("sts.issue.rest", "POST " + url + "\n\n" + exchange.request_body,
                            "HTTP " + std::to_string(exchange.http_status) + "\n\n" + exchange.response_body);
  }
};

} // namespace

std::unique_ptr<Probe> make_sts_issue_probe() {
  return std::make_unique<StsIssueProbe>();
}

} // namespace klarmeld::probes
