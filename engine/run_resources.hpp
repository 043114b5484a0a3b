// What all probes of one run share: the system identity (loaded once), trust anchors, the one
// HTTP client (one libcurl multi handle), the token cache and the evidence directory.
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "crypto/identity.hpp"
#include "crypto/keyed_digest.hpp"
#include "engine/run_options.hpp"
#include "engine/token_cache.hpp"
#include "interfaces/http/http_client.hpp"
#include "interfaces/http/retry_policy.hpp"
#include "interfaces/saml/sso_session.hpp"
#include "profile/profile.hpp"

namespace klarmeld::engine {

class RunResources {
public:
  RunResources(const criteria::Catalog& catalog, const profile::Profile& profile, const RunOptions& options);
  ~RunResources();
  RunResources(const RunResources&) = delete;
  RunResources& operator=(const RunResources&) = delete;

  const criteria::Catalog& catalog() const { return m_catalog; }
  const profile::Profile& profile() const { return m_profile; }
  const RunOptions& options() const { return m_options; }

  Result<const crypto::Identity*> system_identity() const;
  // credentials.idp when the profile names it, else the system identity (ProbeContext::idp_identity).
  Result<const crypto::Identity*> idp_identity() const;
  const std::vector<crypto::X509Ptr>& trust_anchors() const { return m_trust_anchors; }
  const std::vector<crypto::X509Ptr>& sts_certificates() const { return m_sts_certificates; }
  http::Client& http() { return *m_http; }
  TokenCache& tokens() { return *m_tokens; }

  // A rollout (engine/rollout.hpp): further municipalities share this run's connections, identity
  // and token cache; scope 0 is the profile's own municipality. Add scopes before the run starts.
  size_t add_municipality(const profile::MunicipalityEntry& municipality);
  size_t scope_count() const { return 1 + m_municipalities.size(); }
  const profile::Profile& profile(size_t scope) const;
  sts::TokenProvider& tokens(size_t scope);
  bool cancelled() const { return m_options.cancel != nullptr && m_options.cancel->load(); }
  // libcurl ends a connect phase at the earlier of CONNECTTIMEOUT and TIMEOUT; probes that connect
  // themselves use the same bound.
  std::chrono::milliseconds connect_timeout() const {
    return std::min(m_options.connect_timeout, m_options.total_timeout);
  }

  // Redacts, digests and (with --evidence DIR) saves an exchange; returns the digest, and the
  // saved file's path through `saved_file`.
  std::string record_exchange(const std::string& owner, const std::string& label, const std::string& request,
                              const std::string& response, std::string* saved_file);

  // The SP login sessions saml.sso opened and saml.slo has not yet taken (ProbeContext).
  void keep_sso_session(const saml::SsoSession& session);
  std::optional<saml::SsoSession> take_sso_session();

  // Credentials or trust files that could not be loaded, one line each.
  std::vector<std::string> setup_problems() const;

private:
  void load_identity();
  void load_idp_identity();
  void load_trust();
  // A retry the HTTP client is about to make, kept as evidence (the transient answer and the wait).
  void record_retry(const http::RetryNote& note) noexcept;

  const criteria::Catalog& m_catalog;
  const profile::Profile& m_profile;
  const RunOptions& m_options;
  std::optional<crypto::Identity> m_identity;
  std::optional<Error> m_identity_error;
  std::optional<crypto::Identity> m_idp_identity;
  std::optional<Error> m_idp_identity_error;
  std::vector<crypto::X509Ptr> m_trust_anchors;
  std::vector<crypto::X509Ptr> m_sts_certificates;
  std::string m_ca_bundle_pem;
  std::vector<std::string> m_trust_problems;
  std::unique_ptr<http::Client> m_http;
  std::unique_ptr<TokenCache> m_tokens;
  crypto::KeyedDigest m_redaction_key; // this run's only: evidence digests match within it, never across
  std::mutex m_evidence_mutex;
  int m_evidence_sequence = 0;
  // Each the profile with another municipality, and the token cache as that municipality sees it.
  struct MunicipalityScope {
    profile::Profile profile;
    MunicipalityTokens tokens;
  };
  std::vector<std::unique_ptr<MunicipalityScope>> m_municipalities;
  std::mutex m_sso_mutex;
  std::vector<saml::SsoSession> m_sso_sessions;
};

} // namespace klarmeld::engine
