#include "engine/token_cache.hpp"

#include <exception>

#include "util/task_context.hpp"

namespace klarmeld::engine {
namespace {

// A fetch function written by someone else must not take the cache down with an exception.
Result<sts::IssuedToken> guarded(const std::function<Result<sts::IssuedToken>()>& fetch) {
  try {
    return fetch();
  } catch (const std::exception& failure) {
    return internal_error("sts.exception", std::string("token request failed: ") + failure.what());
  } catch (...) {
    return internal_error("sts.exception", "token request failed with an unknown exception");
  }
}

} // namespace

TokenCache::TokenCache(std::string certificate_fingerprint, std::string cvr, IssueFunction issue,
                       ExchangeFunction exchange, std::chrono::seconds margin, ClockFunction clock)
    : m_fingerprint(std::move(certificate_fingerprint)), m_cvr(std::move(cvr)), m_issue(std::move(issue)),
      m_exchange(std::move(exchange)), m_margin(margin), m_clock(std::move(clock)) {}

bool TokenCache::fresh(const sts::IssuedToken& token) const {
  return m_clock() + m_margin < token.not_on_or_after;
}

Result<std::shared_ptr<const sts::IssuedToken>> TokenCache::get(const Key& key, const Fetch& fetch) {
  std::unique_lock lock(m_mutex);
  for (;;) {
    Slot& slot = m_slots[key];
    if (slot.in_flight) {
      // Another thread fetches it; it may need the CPU slot this one holds.
      lock.unlock();
      {
        util::WaitingOffCpu waiting;
        std::unique_lock wait_lock(m_mutex);
        m_changed.wait(wait_lock, [&] { return !m_slots[key].in_flight; });
      }
      lock.lock();
      continue;
    }
    if (slot.error) {
      return *slot.error;
    }
    if (slot.token && fresh(*slot.token)) {
      return slot.token;
    }
    slot.in_flight = true;
    break;
  }
  lock.unlock();
  std::optional<sts::TokenCall> call;
  Result<sts::IssuedToken> fetched = guarded([&] { return fetch(call); });
  lock.lock();
  Slot& slot = m_slots[key];
  slot.in_flight = false;
  if (call) {
    slot.call = std::move(call);
  }
  Result<std::shared_ptr<const sts::IssuedToken>> answer =
      fetched.ok() ? Result<std::shared_ptr<const sts::IssuedToken>>(
                         std::make_shared<const sts::IssuedToken>(std::move(fetched).value()))
                   : Result<std::shared_ptr<const sts::IssuedToken>>(fetched.error());
  if (answer.ok()) {
    slot.token = *answer;
    slot.error.reset();
  } else {
    slot.error = answer.error();
    slot.token.reset();
  }
  m_changed.notify_all();
  return answer;
}

Result<std::shared_ptr<const sts::IssuedToken>> TokenCache::token_for(const std::string& entity_id) {
  return token_for(entity_id, m_cvr);
}

Result<std::shared_ptr<const sts::IssuedToken>> TokenCache::access_token_for(const std::string& entity_id) {
  return access_token_for(entity_id, m_cvr);
}

std::optional<sts::TokenCall> TokenCache::token_call(const std::string& entity_id, bool exchanged) const {
  return token_call(entity_id, exchanged, m_cvr);
}

Result<std::shared_ptr<const sts::IssuedToken>> TokenCache::token_for(const std::string& entity_id,
                                                                      const std::string& cvr) {
  return get(Key{m_fingerprint, entity_id, cvr, false},
             [&](std::optional<sts::TokenCall>& call) -> Result<sts::IssuedToken> {
               {
                 std::lock_guard lock(m_mutex);
                 ++m_issue_calls;
               }
               if (!m_issue) {
                 return runtime_error("sts.unavailable", "no STS client in this build");
               }
               return m_issue(entity_id, cvr, call.emplace());
             });
}

Result<std::shared_ptr<const sts::IssuedToken>> TokenCache::access_token_for(const std::string& entity_id,
                                                                             const std::string& cvr) {
  return get(Key{m_fingerprint, entity_id, cvr, true},
             [&](std::optional<sts::TokenCall>& call) -> Result<sts::IssuedToken> {
               TRY_ASSIGN(auto assertion, token_for(entity_id, cvr));
               {
                 std::lock_guard lock(m_mutex);
                 ++m_exchange_calls;
               }
               if (!m_exchange) {
                 return runtime_error("sts.unavailable", "no AccessTokenService client in this build");
               }
               return m_exchange(*assertion, call.emplace());
             });
}

std::optional<sts::TokenCall> TokenCache::token_call(const std::string& entity_id, bool exchanged,
                                                     const std::string& cvr) const {
  std::lock_guard lock(m_mutex);
  auto found = m_slots.find(Key{m_fingerprint, entity_id, cvr, exchanged});
  return found == m_slots.end() ? std::nullopt : found->second.call;
}

int TokenCache::issue_calls() const {
  std::lock_guard lock(m_mutex);
  return m_issue_calls;
}

bool TokenCache::sts_never_answered() const {
  std::lock_guard lock(m_mutex);
  int attempts = 0;
  for (const auto& [key, slot] : m_slots) {
    if (std::get<3>(key) || !slot.call) {
      continue; // an exchange, or a fetch that failed before its request (no system certificate …)
    }
    ++attempts;
    // Transport codes as interfaces/http/curl_errors.hpp names them; a cancelled call says nothing.
    bool no_answer = slot.call->http_status == 0 && slot.error && slot.error->code.starts_with("http.") &&
                     slot.error->code != "http.cancelled";
    if (!no_answer) {
      return false;
    }
  }
  return attempts > 0;
}

int TokenCache::exchange_calls() const {
  std::lock_guard lock(m_mutex);
  return m_exchange_calls;
}

} // namespace klarmeld::engine
