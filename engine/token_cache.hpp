// sts::TokenProvider with one STS call per (system certificate, entityID, CVR): the token is
// reused until its expiry minus a margin (KOMBIT tokens live 8 h; clients refresh 5–15 min early),
// and concurrent requests for the same key wait for one in-flight STS call (single-flight).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "interfaces/sts/issued_token.hpp"

namespace klarmeld::engine {

class TokenCache final : public sts::TokenProvider {
public:
  // Each fills in `call` with how its request went (for TokenProvider::token_call).
  // `cvr`: the municipality the token is asked for on behalf of (its CVR claim).
  using IssueFunction = std::function<Result<sts::IssuedToken>(const std::string& entity_id, const std::string& cvr,
                                                               sts::TokenCall& call)>;
  using ExchangeFunction = std::function<Result<sts::IssuedToken>(const sts::IssuedToken& token, sts::TokenCall& call)>;
  using ClockFunction = std::function<TimePoint()>;

  TokenCache(std::string certificate_fingerprint, std::string cvr, IssueFunction issue, ExchangeFunction exchange,
             std::chrono::seconds margin = std::chrono::minutes(5), ClockFunction clock = &Clock::now);

  Result<std::shared_ptr<const sts::IssuedToken>> token_for(const std::string& entity_id) override;
  Result<std::shared_ptr<const sts::IssuedToken>> access_token_for(const std::string& entity_id) override;
  std::optional<sts::TokenCall> token_call(const std::string& entity_id, bool exchanged) const override;
  // The same for another municipality's CVR (a rollout, engine/rollout.hpp): one cache, one key space.
  Result<std::shared_ptr<const sts::IssuedToken>> token_for(const std::string& entity_id, const std::string& cvr);
  Result<std::shared_ptr<const sts::IssuedToken>> access_token_for(const std::string& entity_id,
                                                                   const std::string& cvr);
  std::optional<sts::TokenCall> token_call(const std::string& entity_id, bool exchanged, const std::string& cvr) const;

  int issue_calls() const;    // STS calls made (evidence: "one token per entityID")
  int exchange_calls() const; // AccessTokenService calls made
  // The STS was asked at least once and never answered (connect, DNS, TLS or timeout): the run
  // could not be carried out (issue #14 item 2, RunState::CouldNotRun).
  bool sts_never_answered() const;

private:
  using Key = std::tuple<std::string, std::string, std::string, bool>; // fingerprint, entityID, CVR, exchanged
  struct Slot {
    bool in_flight = false;
    std::shared_ptr<const sts::IssuedToken> token;
    std::optional<Error> error; // a failed STS call is not repeated within the run
    std::optional<sts::TokenCall> call;
  };
  // Sets `call` once it makes its request (not when it fails before one).
  using Fetch = std::function<Result<sts::IssuedToken>(std::optional<sts::TokenCall>& call)>;

  Result<std::shared_ptr<const sts::IssuedToken>> get(const Key& key, const Fetch& fetch);
  bool fresh(const sts::IssuedToken& token) const;

  std::string m_fingerprint;
  std::string m_cvr;
  IssueFunction m_issue;
  ExchangeFunction m_exchange;
  std::chrono::seconds m_margin;
  ClockFunction m_clock;

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::map<Key, Slot> m_slots;
  int m_issue_calls = 0;
  int m_exchange_calls = 0;
};

// The cache seen from one municipality of a rollout: the tokens it asks for carry its CVR.
class MunicipalityTokens final : public sts::TokenProvider {
public:
  MunicipalityTokens(TokenCache& cache, std::string cvr) : m_cache(cache), m_cvr(std::move(cvr)) {}
  Result<std::shared_ptr<const sts::IssuedToken>> token_for(const std::string& entity_id) override {
    return m_cache.token_for(entity_id, m_cvr);
  }
  Result<std::shared_ptr<const sts::IssuedToken>> access_token_for(const std::string& entity_id) override {
    return m_cache.access_token_for(entity_id, m_cvr);
  }
  std::optional<sts::TokenCall> token_call(const std::string& entity_id, bool exchanged) const override {
    return m_cache.token_call(entity_id, exchanged, m_cvr);
  }

private:
  TokenCache& m_cache;
  std::string m_cvr;
};

} // namespace klarmeld::engine
