#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "engine/token_cache.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;

namespace {

struct FakeSts {
  std::atomic<int> calls{0};
  TimePoint now = Clock::now();
  std::chrono::hours lifetime{8};
  std::chrono::milliseconds delay{0};
  bool fail = false;
  std::vector<std::string> cvrs; // asked for, in order (calls are sequential in these tests)

  TokenCache::IssueFunction issue() {
    return
        [this](const std::string& entity_id, const std::string& cvr, sts::TokenCall& call) -> Result<sts::IssuedToken> {
          int number = ++calls;
          cvrs.push_back(cvr);
          call.http_status = fail ? 500 : 200;
          call.evidence_digest = "digest-" + std::to_string(number);
          std::this_thread::sleep_for(delay);
          if (fail) {
            return runtime_error("sts.fault", "STS said no for " + entity_id);
          }
          sts::IssuedToken token;
          token.entity_id = entity_id;
          token.assertion_id = "_assertion-" + std::to_string(number);
          token.not_before = now;
          token.not_on_or_after = now + lifetime;
          return token;
        };
  }
};

TokenCache::ExchangeFunction exchange(std::atomic<int>& calls) {
  return [&calls](const sts::IssuedToken& token, sts::TokenCall& call) -> Result<sts::IssuedToken> {
    ++calls;
    call.token_type = "Holder-of-key";
    sts::IssuedToken exchanged = token;
    exchanged.access_token = "at-" + token.assertion_id;
    return exchanged;
  };
}

} // namespace

TEST_SUITE("engine::TokenCache") {
  TEST_CASE("one STS call per entityID, reused while fresh") {
    FakeSts sts;
    std::atomic<int> exchanges{0};
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges), std::chrono::minutes(5),
                     [&] { return sts.now; });
    auto first = cache.token_for("urn:a");
    auto second = cache.token_for("urn:a");
    auto other = cache.token_for("urn:b");
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(other.ok());
    CHECK((*first)->assertion_id == (*second)->assertion_id);
    CHECK((*other)->assertion_id != (*first)->assertion_id);
    CHECK(sts.calls.load() == 2);
    CHECK(cache.issue_calls() == 2);
  }

  TEST_CASE("a token is renewed within the margin before expiry") {
    FakeSts sts;
    std::atomic<int> exchanges{0};
    TimePoint clock = sts.now;
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges), std::chrono::minutes(5),
                     [&] { return clock; });
    auto first = cache.token_for("urn:a");
    clock = sts.now + std::chrono::hours(7) + std::chrono::minutes(54); // 6 min left: still fresh
    auto reused = cache.token_for("urn:a");
    clock = sts.now + std::chrono::hours(7) + std::chrono::minutes(56); // 4 min left: renew
    auto renewed = cache.token_for("urn:a");
    REQUIRE(first.ok());
    REQUIRE(reused.ok());
    REQUIRE(renewed.ok());
    CHECK((*reused)->assertion_id == (*first)->assertion_id);
    CHECK((*renewed)->assertion_id != (*first)->assertion_id);
    CHECK(sts.calls.load() == 2);
  }

  TEST_CASE("concurrent requests for one key wait for a single STS call") {
    FakeSts sts;
    sts.delay = std::chrono::milliseconds(100);
    std::atomic<int> exchanges{0};
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges));
    std::vector<std::future<std::string>> callers;
    for (int i = 0; i < 8; ++i) {
      callers.push_back(std::async(std::launch::async, [&] {
        auto token = cache.token_for("urn:same");
        return token.ok() ? (*token)->assertion_id : std::string("error");
      }));
    }
    for (auto& caller : callers) {
      CHECK(caller.get() == "_assertion-1");
    }
    CHECK(sts.calls.load() == 1);
  }

  TEST_CASE("access tokens: one exchange per entityID, built on the cached assertion") {
    FakeSts sts;
    std::atomic<int> exchanges{0};
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges));
    auto first = cache.access_token_for("urn:rest");
    auto second = cache.access_token_for("urn:rest");
    auto assertion = cache.token_for("urn:rest");
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(assertion.ok());
    CHECK((*first)->access_token == "at-_assertion-1");
    CHECK((*second)->access_token == "at-_assertion-1");
    CHECK(exchanges.load() == 1);
    CHECK(sts.calls.load() == 1);
  }

  TEST_CASE("a failed STS call is reported to every caller without repeating it") {
    FakeSts sts;
    sts.fail = true;
    std::atomic<int> exchanges{0};
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges));
    auto first = cache.token_for("urn:a");
    auto second = cache.token_for("urn:a");
    REQUIRE_FALSE(first.ok());
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == "sts.fault");
    CHECK(sts.calls.load() == 1);
  }

  TEST_CASE("an exception in the STS client becomes an error") {
    std::atomic<int> exchanges{0};
    TokenCache cache(
        "fp", "55133018",
        [](const std::string&, const std::string&, sts::TokenCall&) -> Result<sts::IssuedToken> {
          throw std::runtime_error("boom");
        },
        exchange(exchanges));
    auto token = cache.token_for("urn:a");
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().message.find("boom") != std::string::npos);
  }

  TEST_CASE("the call behind a token is kept for the probes that judge it, failures included") {
    FakeSts sts;
    std::atomic<int> exchanges{0};
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges));
    CHECK_FALSE(cache.token_call("urn:a", false).has_value()); // nothing asked yet
    REQUIRE(cache.access_token_for("urn:a").ok());
    auto issued = cache.token_call("urn:a", false);
    auto exchanged = cache.token_call("urn:a", true);
    REQUIRE(issued.has_value());
    REQUIRE(exchanged.has_value());
    CHECK(issued->http_status == 200);
    CHECK(issued->evidence_digest == "digest-1");
    CHECK(exchanged->token_type == "Holder-of-key");
    CHECK_FALSE(cache.token_call("urn:b", false).has_value());

    sts.fail = true;
    CHECK_FALSE(cache.token_for("urn:b").ok());
    auto refused = cache.token_call("urn:b", false);
    REQUIRE(refused.has_value());
    CHECK(refused->http_status == 500);
    CHECK(refused->evidence_digest == "digest-2");
    CHECK(sts.calls.load() == 2); // asking for the record makes no call
  }

  TEST_CASE("a rollout's municipalities each get their own token per entityID, asked for with their CVR") {
    FakeSts sts;
    std::atomic<int> exchanges{0};
    TokenCache cache("fp", "55133018", sts.issue(), exchange(exchanges));
    MunicipalityTokens aarhus(cache, "55133018");
    MunicipalityTokens odense(cache, "35209115");
    REQUIRE(aarhus.token_for("urn:a").ok());
    REQUIRE(odense.token_for("urn:a").ok());
    REQUIRE(odense.token_for("urn:a").ok()); // cached per (entityID, CVR)
    REQUIRE(cache.token_for("urn:a").ok());  // the pilot's CVR is Aarhus's: the same key
    CHECK(sts.calls == 2);
    CHECK(sts.cvrs == std::vector<std::string>{"55133018", "35209115"});
    REQUIRE(odense.access_token_for("urn:a").ok());
    CHECK(sts.calls == 2);
    CHECK(exchanges == 1);
    CHECK(odense.token_call("urn:a", true).has_value());
    CHECK_FALSE(aarhus.token_call("urn:a", true).has_value());
  }
}
