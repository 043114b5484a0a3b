// The engine's ProbeContext: one per invocation, a thin view on the run's shared resources.
#pragma once

#include <string>

#include "engine/run_resources.hpp"
#include "interfaces/context.hpp"

namespace klarmeld::engine {

class ProbeContextImpl final : public probes::ProbeContext {
public:
  // `scope`: the municipality of a rollout the probe runs for (RunResources::add_municipality).
  ProbeContextImpl(RunResources& resources, const criteria::Interface& interface, std::string criterion_id,
                   size_t scope = 0);

  const profile::Profile& profile() const override { return m_resources.profile(m_scope); }
  const criteria::Interface& interface() const override { return m_interface; }
  const criteria::Catalog* catalog() const override { return &m_resources.catalog(); }
  Result<profile::InterfaceEndpoint> endpoint(const std::string& interface_id) const override;
  http::Client& http() override { return m_resources.http(); }
  sts::TokenProvider& tokens() override { return m_resources.tokens(m_scope); }
  Result<const crypto::Identity*> system_identity() override { return m_resources.system_identity(); }
  Result<const crypto::Identity*> idp_identity() override { return m_resources.idp_identity(); }
  const std::vector<crypto::X509Ptr>& trust_anchors() const override { return m_resources.trust_anchors(); }
  const std::vector<crypto::X509Ptr>& sts_certificates() const override { return m_resources.sts_certificates(); }
  bool cancelled() const override { return m_resources.cancelled(); }
  std::chrono::milliseconds connect_timeout() const override { return m_resources.connect_timeout(); }
  std::string record_exchange(const std::string& label, const std::string& request,
                              const std::string& response) override;
  void cite_exchange(const std::string& evidence_digest, const std::string& evidence_file) override;
  void keep_sso_session(const saml::SsoSession& session) override { m_resources.keep_sso_session(session); }
  std::optional<saml::SsoSession> take_sso_session() override { return m_resources.take_sso_session(); }

  const std::string& last_evidence_file() const { return m_last_evidence_file; }
  const std::string& last_evidence_digest() const { return m_last_evidence_digest; }

private:
  RunResources& m_resources;
  const criteria::Interface& m_interface;
  std::string m_criterion_id;
  size_t m_scope = 0;
  std::string m_last_evidence_file;
  std::string m_last_evidence_digest;
};

} // namespace klarmeld::engine
