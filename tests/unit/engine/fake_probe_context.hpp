// A ProbeContext for probe tests: real HTTP client, in-memory trust anchors and identity, a fake
// token provider, exchanges kept in memory.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>

#include "criteria/model/probe_types.hpp"
#include "engine/redaction.hpp"
#include "interfaces/context.hpp"
#include "interfaces/http/curl_multi_client.hpp"
#include "util/digest.hpp"

namespace klarmeld::test {

class FakeTokens final : public sts::TokenProvider {
public:
  Result<std::shared_ptr<const sts::IssuedToken>> token_for(const std::string& entity_id) override {
    if (fail) {
      return runtime_error("sts.fault", "STS refused " + entity_id);
    }
    auto token = std::make_shared<sts::IssuedToken>();
    token->entity_id = entity_id;
    auto own = assertion_for.find(entity_id);
    token->assertion_xml = own != assertion_for.end() ? own->second
                           : assertion_xml.empty()    ? "<saml:Assertion ID=\"_x\">secret</saml:Assertion>"
                                                      : assertion_xml;
    token->cvr = "55133018";
    token->assertion_id = "_x";
    token->not_on_or_after = Clock::now() + std::chrono::hours(8);
    return std::shared_ptr<const sts::IssuedToken>(token);
  }
  Result<std::shared_ptr<const sts::IssuedToken>> access_token_for(const std::string& entity_id) override {
    TRY_ASSIGN(auto base, token_for(entity_id));
    auto token = std::make_shared<sts::IssuedToken>(*base);
    token->access_token = access_token;
    return std::shared_ptr<const sts::IssuedToken>(token);
  }
  bool fail = false;
  std::string assertion_xml;                        // a real assertion for probes that present it to a real server
  std::map<std::string, std::string> assertion_for; // by entityID, before assertion_xml (probes using two)
  std::string access_token = "fake-access-token-123";
};

class FakeProbeContext final : public probes::ProbeContext {
public:
  FakeProbeContext(profile::Profile profile, criteria::Interface interface, std::vector<crypto::X509Ptr> anchors,
                   const crypto::Identity* identity)
      : m_profile(std::move(profile)), m_interface(std::move(interface)), m_anchors(std::move(anchors)),
        m_identity(identity) {
    http::ClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.total_timeout = std::chrono::milliseconds(5000);
    options.identity = identity;
    for (const auto& anchor : m_anchors) {
      options.ca_bundle_pem += crypto::to_pem(anchor.get());
    }
    m_http = std::make_unique<http::CurlMultiClient>(options);
  }

  const profile::Profile& profile() const override { return m_profile; }
  const criteria::Interface& interface() const override { return m_interface; }
  Result<profile::InterfaceEndpoint> endpoint(const std::string& interface_id) const override {
    auto found = m_profile.environment.interfaces.find(interface_id.empty() ? m_interface.id : interface_id);
    if (found == m_profile.environment.interfaces.end()) {
      return input_error("profile.no-endpoint", "no endpoint for " + interface_id);
    }
    return found->second;
  }
  http::Client& http() override { return *m_http; }
  sts::TokenProvider& tokens() override { return m_tokens; }
  Result<const crypto::Identity*> system_identity() override {
    if (m_identity == nullptr) {
      return runtime_error("credentials.missing", "no identity in this test");
    }
    return m_identity;
  }
  const std::vector<crypto::X509Ptr>& trust_anchors() const override { return m_anchors; }
  const std::vector<crypto::X509Ptr>& sts_certificates() const override { return m_sts; }
  bool cancelled() const override { return cancel_requested.load(); }
  std::chrono::milliseconds connect_timeout() const override { return connect_bound; }
  std::atomic<bool> cancel_requested{false};
  std::chrono::milliseconds connect_bound{2000};
  std::string record_exchange(const std::string& label, const std::string& request,
                              const std::string& response) override {
    exchanges[label] = engine::redact_secrets(request, m_redaction_key) + "\n---\n" +
                       engine::redact_secrets(response, m_redaction_key);
    return sha256_hex(exchanges[label]);
  }
  void cite_exchange(const std::string& evidence_digest, const std::string&) override {
    cited.push_back(evidence_digest);
  }
  std::vector<std::string> cited;

  FakeTokens& fake_tokens() { return m_tokens; }
  std::map<std::string, std::string> exchanges;

private:
  profile::Profile m_profile;
  criteria::Interface m_interface;
  std::vector<crypto::X509Ptr> m_anchors;
  std::vector<crypto::X509Ptr> m_sts;
  const crypto::Identity* m_identity;
  FakeTokens m_tokens;
  crypto::KeyedDigest m_redaction_key;
  std::unique_ptr<http::CurlMultiClient> m_http;
};

inline std::vector<crypto::X509Ptr> anchors_of(const crypto::Identity& ca) {
  std::vector<crypto::X509Ptr> anchors;
  X509_up_ref(ca.certificate.get());
  anchors.emplace_back(ca.certificate.get());
  return anchors;
}

inline criteria::ProbeSpec spec_of(const std::string& type, std::map<std::string, std::string> params = {}) {
  criteria::ProbeSpec spec{type, std::move(params), {}, {}};
  spec.modes = criteria::modes_of(spec); // as the catalog loader parses it
  return spec;
}

} // namespace klarmeld::test
