#include "engine/run_resources.hpp"

#include <algorithm>
#include <filesystem>

#include "crypto/certificate_info.hpp"
#include "engine/connection_pool.hpp"
#include "engine/redaction.hpp"
#include "engine/rollout.hpp"
#include "engine/sts_token_source.hpp"
#include "interfaces/http/curl_multi_client.hpp"
#include "profile/idp_identity.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/slug.hpp"

namespace klarmeld::engine {

RunResources::RunResources(const criteria::Catalog& catalog, const profile::Profile& profile, const RunOptions& options)
    : m_catalog(catalog), m_profile(profile), m_options(options) {
  load_identity();
  load_idp_identity();
  load_trust();
  http::ClientOptions client;
  // Never more per host than in all: a host's idle connections beyond the concurrency would only
  // hold the server's threads.
  const int per_host = options.per_host > 0 ? std::min(options.per_host, options.concurrency) : options.concurrency;
  client.max_host_connections = std::max(1, per_host);
  // Room for every host's idle connections, so that one host's request does not close another's.
  client.max_total_connections =
      connection_pool_size(profile.environment, static_cast<int>(client.max_host_connections), options.concurrency);
  client.connect_timeout = options.connect_timeout;
  client.total_timeout = options.total_timeout;
  client.max_response_bytes = options.max_response_bytes;
  client.retry.max_retries = std::max(0, options.retries);
  // A Retry-After is honoured up to the run's own bound on a request (issue #19): a longer one is
  // waited for that long, and a server still refusing then is the probe's answer.
  client.retry.max_delay = options.total_timeout;
  client.host_limits.max_in_flight = static_cast<int>(client.max_host_connections);
  // --concurrency is what the servers see: requests in flight at once. The runner has a few more
  // workers than that (engine/runner.cpp), which build and sign their requests meanwhile.
  client.host_limits.max_total_in_flight = std::max(1, options.concurrency);
  client.host_limits.requests_per_second = std::max(0.0, options.rate);
  client.on_retry = [this](const http::RetryNote& note) { record_retry(note); };
  client.ca_bundle_pem = m_ca_bundle_pem;
  client.identity = m_identity ? &*m_identity : nullptr;
  client.cancel = options.cancel;
  m_http = std::make_unique<http::CurlMultiClient>(std::move(client));
  std::string fingerprint =
      m_identity ? crypto::describe(m_identity->certificate.get()).sha256_fingerprint : std::string("no-identity");
  m_tokens = std::make_unique<TokenCache>(fingerprint, profile.municipality_cvr, make_issue_function(*this),
                                          make_exchange_function(*this));
}

RunResources::~RunResources() = default;

size_t RunResources::add_municipality(const profile::MunicipalityEntry& municipality) {
  m_municipalities.push_back(std::make_unique<MunicipalityScope>(
      MunicipalityScope{profile_for(m_profile, municipality), MunicipalityTokens(*m_tokens, municipality.cvr)}));
  return m_municipalities.size();
}

const profile::Profile& RunResources::profile(size_t scope) const {
  return scope == 0 ? m_profile : m_municipalities.at(scope - 1)->profile;
}

sts::TokenProvider& RunResources::tokens(size_t scope) {
  return scope == 0 ? static_cast<sts::TokenProvider&>(*m_tokens) : m_municipalities.at(scope - 1)->tokens;
}

// The profile's paths are used as loaded: profile/loader.cpp resolved them against the profile's folder
// (the profile format's rule), and the pre-flight opened the same files. Resolving them again joined the
// folder twice when --profile was a relative path with a folder (sub/p.yaml → sub/sub/system.p12).
void RunResources::load_identity() {
  const profile::Credentials& credentials = m_profile.credentials;
  if (credentials.pkcs12.empty()) {
    m_identity_error = runtime_error("credentials.missing", "the profile names no pkcs12 system certificate");
    return;
  }
  auto password = crypto::read_password({credentials.password_env, credentials.password_file});
  if (!password) {
    m_identity_error = password.error();
    return;
  }
  auto identity = crypto::load_pkcs12(credentials.pkcs12, *password);
  if (!identity) {
    m_identity_error = identity.error();
    return;
  }
  m_identity = std::move(identity).value();
}

void RunResources::load_idp_identity() {
  if (!m_profile.credentials.idp.configured()) {
    return;
  }
  if (auto identity = profile::open_idp_identity(m_profile.credentials.idp)) {
    m_idp_identity = std::move(identity).value();
  } else {
    m_idp_identity_error = identity.take_error();
  }
}

void RunResources::load_trust() {
  if (!m_profile.credentials.ca_bundle.empty()) {
    auto pem = read_file(m_profile.credentials.ca_bundle);
    auto anchors = pem ? crypto::parse_pem_certificates(*pem, m_profile.credentials.ca_bundle)
                       : Result<std::vector<crypto::X509Ptr>>(pem.error());
    if (anchors) {
      m_ca_bundle_pem = *pem;
      m_trust_anchors = std::move(anchors).value();
    } else {
      m_trust_problems.push_back("ca_bundle: " + anchors.error().message);
    }
  }
  if (!m_profile.credentials.sts_certificate.empty()) {
    if (auto certificates = crypto::load_pem_certificates(m_profile.credentials.sts_certificate)) {
      m_sts_certificates = std::move(certificates).value();
    } else {
      m_trust_problems.push_back("sts_certificate: " + certificates.error().message);
    }
  }
}

std::vector<std::string> RunResources::setup_problems() const {
  std::vector<std::string> problems;
  if (m_identity_error) {
    problems.push_back("system certificate: " + m_identity_error->message);
  }
  if (m_idp_identity_error) {
    problems.push_back("IdP certificate (credentials.idp): " + m_idp_identity_error->message);
  }
  problems.insert(problems.end(), m_trust_problems.begin(), m_trust_problems.end());
  return problems;
}

Result<const crypto::Identity*> RunResources::system_identity() const {
  if (m_identity) {
    return &*m_identity;
  }
  return m_identity_error.value_or(runtime_error("credentials.missing", "no system certificate loaded"));
}

Result<const crypto::Identity*> RunResources::idp_identity() const {
  if (m_idp_identity) {
    return &*m_idp_identity;
  }
  if (m_idp_identity_error) {
    return *m_idp_identity_error;
  }
  return system_identity();
}

std::string RunResources::record_exchange(const std::string& owner, const std::string& label,
                                          const std::string& request, const std::string& response,
                                          std::string* saved_file) {
  std::string clean_request = redact_secrets(request, m_redaction_key);
  std::string clean_response = redact_secrets(response, m_redaction_key);
  std::string digest = sha256_hex(clean_request + clean_response);
  if (m_options.evidence_dir.empty()) {
    return digest;
  }
  int sequence = 0;
  {
    std::lock_guard lock(m_evidence_mutex);
    sequence = ++m_evidence_sequence;
  }
  std::error_code ignored;
  std::filesystem::create_directories(m_options.evidence_dir, ignored);
  std::string name = slugify(owner) + "-" + std::to_string(sequence) + "-" + slugify(label) + ".txt";
  std::string path = (std::filesystem::path(m_options.evidence_dir) / name).string();
  std::string content = "# " + owner + " — " + label + "\n# sha256 " + digest +
                        " (over the redacted request + response)\n=== request ===\n" + clean_request +
                        "\n=== response ===\n" + clean_response + "\n";
  if (write_file_atomically(path, content).ok() && saved_file != nullptr) {
    *saved_file = path;
  }
  return digest;
}

void RunResources::record_retry(const http::RetryNote& note) noexcept {
  try {
    std::string answer = note.status != 0 ? "HTTP " + std::to_string(note.status) : note.error;
    if (!note.retry_after.empty()) {
      answer += "\nRetry-After: " + note.retry_after;
    }
    answer += "\n# waited " + std::to_string(note.delay.count()) + " ms, then retry " + std::to_string(note.attempt);
    record_exchange("http", "retry", note.method + " " + note.url, answer, nullptr);
  } catch (...) { // evidence is best effort; the retry itself goes ahead
  }
}

void RunResources::keep_sso_session(const saml::SsoSession& session) {
  std::lock_guard lock(m_sso_mutex);
  m_sso_sessions.push_back(session);
}

std::optional<saml::SsoSession> RunResources::take_sso_session() {
  std::lock_guard lock(m_sso_mutex);
  if (m_sso_sessions.empty()) {
    return std::nullopt;
  }
  saml::SsoSession session = std::move(m_sso_sessions.back());
  m_sso_sessions.pop_back();
  return session;
}

} // namespace klarmeld::engine
