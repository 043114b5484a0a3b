#include "interfaces/sts/sts_issue_probe.hpp"

#include <exception>

#include "interfaces/context.hpp"
#include "interfaces/soap/probe_support.hpp"
#include "interfaces/sts/sts_client.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes {
namespace {

using support::finish;

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

class StsIssueProbe final : public Probe {
public:
  std::string_view type() const override { return "sts.issue"; }
  // token_exchange: the STS, then AccessTokenService with the token it issued.
  int sequential_requests(const criteria::ProbeSpec& spec) const override {
    return support::param(spec, "variant", "soap") == "token_exchange" ? 2 : 1;
  }

  ProbeResult run(const criteria::Criterion&, const criteria::ProbeSpec& spec,
                  ProbeContext& context) noexcept override {
    try {
      return issue(spec, context);
    } catch (const std::exception& failure) {
      return ProbeResult::not_tested(std::string("sts.issue probe failed: ") + failure.what());
    } catch (...) {
      return ProbeResult::not_tested("sts.issue probe failed unexpectedly");
    }
  }

private:
  static ProbeResult issue(const criteria::ProbeSpec& spec, ProbeContext& context) {
    TimePoint started = Clock::now();
    std::string variant = support::param(spec, "variant", "soap");
    std::string service = support::param(spec, "service", context.interface().id);
    if (service == "<own interface>") {
      service = context.interface().id;
    }
    const profile::Environment& environment = context.profile().environment;
    auto endpoint = context.endpoint(service);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    if (endpoint->entity_id.empty()) {
      return ProbeResult::not_tested("the profile gives no entity_id for " + service + " (the token's AppliesTo)");
    }
    std::string url = variant == "rest" ? environment.sts_rest_url : environment.sts_url;
    if (url.empty()) {
      return ProbeResult::not_tested(std::string("the profile has no ") +
                                     (variant == "rest" ? "environment.sts.rest_url" : "environment.sts.url"));
    }
    if (variant == "token_exchange" && environment.token_exchange_url.empty()) {
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
    sts::StsRequest request;
    request.sts_url = url;
    request.entity_id = endpoint->entity_id;
    request.cvr = context.profile().municipality_cvr;
    request.expected_issuer = environment.sts_issuer;
    request.sts_certificates = &context.sts_certificates();

    ProbeResult result;
    sts::StsExchange exchange;
    auto token = variant == "rest" ? sts::request_token_rest(context.http(), **identity, request, &exchange)
                                   : sts::request_token(context.http(), **identity, request, &exchange);
    record(context, "sts.issue." + variant, url, exchange, result);
    if (!token) {
      if (is_transport_failure(token.error()) && exchange.http_status == 0) {
        return finish(result, Verdict::IkkeTestet, "the STS could not be reached: " + token.error().message, started);
      }
      return finish(result, Verdict::Nej, "no valid token for " + endpoint->entity_id + ": " + token.error().message,
                    started);
    }
    add_token_facts(result, *token);
    std::string lifetime =
        " (valid " + iso8601_utc(token->not_before) + " – " + iso8601_utc(token->not_on_or_after) + ")";
    if (variant != "token_exchange") {
      return finish(result, Verdict::Ja,
                    "the STS issued a valid holder-of-key token " + token->assertion_id + " for " +
                        endpoint->entity_id + ", CVR " + token->cvr + lifetime,
                    started);
    }
    sts::StsExchange exchanged;
    auto access = sts::exchange_token(context.http(), *token, environment.token_exchange_url, &exchanged);
    record(context, "sts.token_exchange", environment.token_exchange_url, exchanged, result);
    if (!access) {
      if (is_transport_failure(access.error()) && exchanged.http_status == 0) {
        return finish(result, Verdict::IkkeTestet, "AccessTokenService could not be reached: " + access.error().message,
                      started);
      }
      return finish(result, Verdict::Nej, "token exchange failed: " + access.error().message, started);
    }
    result.facts.push_back({"token_type", access->token_type});
    result.facts.push_back({"expires_in", std::to_string(access->expires_in.count())});
    result.facts.push_back({"access_token_sha256", sha256_hex(access->access_token)});
    return finish(result, Verdict::Ja,
                  "token " + token->assertion_id + " exchanged for a " +
                      (access->token_type.empty() ? std::string("(untyped)") : access->token_type) +
                      " access token valid " + std::to_string(access->expires_in.count()) + " s",
                  started);
  }

  static void record(ProbeContext& context, const std::string& label, const std::string& url,
                     const sts::StsExchange& exchange, ProbeResult& result) {
    result.request_bytes += exchange.request_body.size();
    result.response_bytes += exchange.response_body.size();
    result.request_sha256 = sha256_hex(exchange.request_body);
    result.response_sha256 = sha256_hex(exchange.response_body);
    result.http_status = static_cast<int>(exchange.http_status);
    context.record_exchange(label, "POST " + url + "\n\n" + exchange.request_body,
                            "HTTP " + std::to_string(exchange.http_status) + "\n\n" + exchange.response_body);
  }
};

} // namespace

std::unique_ptr<Probe> make_sts_issue_probe() {
  return std::make_unique<StsIssueProbe>();
}

} // namespace klarmeld::probes
