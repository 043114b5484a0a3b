// A ProbeContext for the probe tests of this folder: an in-memory http::Client the test supplies, one
// profile with the endpoints the test sets, and the identity, tokens and STS certificates it names.
// Exchanges are not kept.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "interfaces/context.hpp"

namespace klarmeld::testing {

// For probes that must not ask for a token.
class NoTokens final : public sts::TokenProvider {
public:
  Result<std::shared_ptr<const sts::IssuedToken>> token_for(const std::string&) override {
    return runtime_error("sts.none", "no tokens in this test");
  }
  Result<std::shared_ptr<const sts::IssuedToken>> access_token_for(const std::string&) override {
    return runtime_error("sts.none", "no tokens in this test");
  }
};

class StubContext final : public probes::ProbeContext {
public:
  StubContext(http::Client& client, std::string interface_id, sts::TokenProvider& tokens,
              const crypto::Identity* system, const std::vector<crypto::X509Ptr>* sts_certificates = nullptr)
      : m_client(client), m_tokens(tokens), m_system(system),
        m_sts_certificates(sts_certificates != nullptr ? sts_certificates : &m_none) {
    m_interface.id = std::move(interface_id);
    m_profile.municipality_cvr = "55133018";
  }

  // The test sets endpoints, credentials and the CVR here before running a probe.
  profile::Profile& editable_profile() { return m_profile; }

  const profile::Profile& profile() const override { return m_profile; }
  const criteria::Interface& interface() const override { return m_interface; }
  Result<profile::InterfaceEndpoint> endpoint(const std::string& id) const override {
    auto found = m_profile.environment.interfaces.find(id);
    if (found == m_profile.environment.interfaces.end()) {
      return input_error("profile.no-endpoint", "no endpoint for " + id);
    }
    return found->second;
  }
  http::Client& http() override { return m_client; }
  sts::TokenProvider& tokens() override { return m_tokens; }
  Result<const crypto::Identity*> system_identity() override { return m_system; }
  const std::vector<crypto::X509Ptr>& trust_anchors() const override { return m_none; }
  const std::vector<crypto::X509Ptr>& sts_certificates() const override { return *m_sts_certificates; }
  bool cancelled() const override { return cancel_requested.load(); }
  std::chrono::milliseconds connect_timeout() const override { return connect_bound; }
  std::atomic<bool> cancel_requested{false};
  std::chrono::milliseconds connect_bound{2000};
  std::string record_exchange(const std::string&, const std::string&, const std::string&) override { return {}; }
  void cite_exchange(const std::string&, const std::string&) override {}

private:
  http::Client& m_client;
  sts::TokenProvider& m_tokens;
  const crypto::Identity* m_system;
  std::vector<crypto::X509Ptr> m_none;
  const std::vector<crypto::X509Ptr>* m_sts_certificates;
  profile::Profile m_profile;
  criteria::Interface m_interface;
};

} // namespace klarmeld::testing
