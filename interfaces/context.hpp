// What a probe may use while it runs. The engine implements it; tests may fake it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "crypto/identity.hpp"
#include "interfaces/http/http_client.hpp"
#include "interfaces/saml/sso_session.hpp"
#include "interfaces/sts/issued_token.hpp"
#include "profile/profile.hpp"
#include "util/result.hpp"

namespace klarmeld::probes {

class ProbeContext {
public:
  virtual ~ProbeContext() = default;

  virtual const profile::Profile& profile() const = 0;
  virtual const criteria::Interface& interface() const = 0; // the interface being assessed
  // The whole catalog, for a probe that judges across interfaces (sts.agreements); none in fakes.
  virtual const criteria::Catalog* catalog() const { return nullptr; }

  // The profile's endpoint for an interface id (its own by default); an Input error if absent.
  virtual Result<profile::InterfaceEndpoint> endpoint(const std::string& interface_id) const = 0;

  virtual http::Client& http() = 0;
  virtual sts::TokenProvider& tokens() = 0;

  // The vendor's system (function) certificate and key, loaded once; Runtime error if unreadable.
  virtual Result<const crypto::Identity*> system_identity() = 0;
  // The key and certificate saml.sso and saml.slo sign with as the Context Handler (IdP): the
  // profile's credentials.idp when it names one, else the system identity (issue #16).
  virtual Result<const crypto::Identity*> idp_identity() { return system_identity(); }
  // PEM trust anchors from the profile's ca_bundle (TLS and token signers), and the STS certificate.
  virtual const std::vector<crypto::X509Ptr>& trust_anchors() const = 0;
  virtual const std::vector<crypto::X509Ptr>& sts_certificates() const = 0;

  virtual bool cancelled() const = 0;
  // How long reaching a server may take, TCP connect and TLS or SSH handshake together: the bound
  // libcurl puts on the connect phase of every HTTP transfer of the run (CURLOPT_CONNECTTIMEOUT; `check`
  // makes it --timeout itself), so a probe that speaks TLS or SSH itself gives up exactly when the HTTP
  // probes do, with the same words (http/no_answer.hpp).
  virtual std::chrono::milliseconds connect_timeout() const = 0;

  // Keep an exchange as evidence; returns "sha256 of request+response". Secrets (tokens, assertions,
  // passwords, CPR numbers) are replaced by their digest before anything is written.
  virtual std::string record_exchange(const std::string& label, const std::string& request,
                                      const std::string& response) = 0;
  // Names an exchange the run has already recorded (the STS call behind a shared token) as this
  // probe's evidence.
  virtual void cite_exchange(const std::string& evidence_digest, const std::string& evidence_file) = 0;

  // A login session saml.sso opened at the vendor's SP, handed to saml.slo, which runs after it
  // (engine/runner.cpp) and logs it out; taken once. A context that keeps none (test fakes) makes
  // saml.slo open its own.
  virtual void keep_sso_session(const saml::SsoSession&) {}
  virtual std::optional<saml::SsoSession> take_sso_session() { return std::nullopt; }
};

} // namespace klarmeld::probes
