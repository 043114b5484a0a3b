#include "interfaces/probes/tls_probe.hpp"

#include "criteria/model/probe_types.hpp"
#include "crypto/certificate_info.hpp"
#include "interfaces/context.hpp"
#include "interfaces/http/url.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/tls/tls_handshake.hpp"
#include "interfaces/tls/tls_policy.hpp"

namespace klarmeld::probes {
namespace {

using support::param;

// The URL the probe connects to: the STS, or an interface's endpoint.
Result<std::string> target_url(const criteria::ProbeSpec& spec, ProbeContext& context) {
  std::string target = param(spec, "target", context.interface().id);
  if (target == criteria::sts_target) {
    if (context.profile().environment.sts_url.empty()) {
      return input_error("profile.no-sts", "the profile names no STS URL (environment.sts.url)");
    }
    return context.profile().environment.sts_url;
  }
  TRY_ASSIGN(profile::InterfaceEndpoint endpoint, context.endpoint(target));
  if (endpoint.url.empty()) {
    return input_error("profile.no-url", "the profile has no URL for " + target);
  }
  return endpoint.url;
}

// The OpenSSL version constant of the catalog's min_version.
int tls_version_of(criteria::TlsMinVersion version) {
  return version == criteria::TlsMinVersion::Tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
}

long days_between(TimePoint from, TimePoint to) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::hours>(to - from).count() / 24);
}

class TlsProbe final : public Probe {
public:
  std::string_view type() const override { return "tls"; }
  int sequential_requests(const criteria::ProbeSpec&) const override { return 0; } // a handshake, no request

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    auto url_text = target_url(spec, context);
    if (!url_text) {
      return ProbeResult::not_tested(url_text.error().message);
    }
    auto url = http::parse_url(*url_text);
    if (!url) {
      return ProbeResult::not_tested(url.error().message);
    }
    if (url->scheme != "https") {
      return ProbeResult::nej(*url_text + " is not an HTTPS endpoint");
    }
    if (context.trust_anchors().empty()) {
      return ProbeResult::not_tested("the profile has no ca_bundle to verify the server certificate against");
    }
    long warn_days = std::stol(param(spec, "warn_days", "30"));
    auto identity = context.system_identity();
    HandshakeOptions options;
    options.host = url->host;
    options.port = url->port;
    options.min_version = tls_version_of(spec.modes.tls_min_version);
    options.trust_anchors = &context.trust_anchors();
    options.client_identity = identity.ok() ? *identity : nullptr;
    options.timeout = context.connect_timeout();
    options.cancelled = [&context] { return context.cancelled(); };
    auto handshake = tls_handshake(options);
    if (!handshake) {
      // No connection, no answer in time or a cancelled run decide nothing about the vendor.
      const std::string& code = handshake.error().code;
      if (code == "tls.connect" || code == "tls.timeout" || code == "tls.cancelled") {
        return ProbeResult::not_tested(handshake.error().message);
      }
      return ProbeResult::nej(
          handshake.error().message + " (with TLS ≥ " +
          std::string(spelling_of(criteria::tls_min_version_spellings, spec.modes.tls_min_version)) + ")");
    }
    return judge(*handshake, options, warn_days, *url_text);
  }

  static ProbeResult judge(const HandshakeOutcome& outcome, HandshakeOptions options, long warn_days,
                           const std::string& url) {
    ProbeResult result;
    std::vector<std::string> problems;
    result.facts.push_back({"endpoint", url});
    result.facts.push_back({"tls_version", outcome.version});
    result.facts.push_back({"cipher", outcome.cipher});
    long days_left = 0;
    if (outcome.peer) {
      crypto::CertificateInfo peer = crypto::describe(outcome.peer.get());
      days_left = days_between(Clock::now(), peer.not_after);
      result.facts.push_back({"server_certificate_subject", peer.subject});
      result.facts.push_back({"server_certificate_issuer", peer.issuer});
      result.facts.push_back({"server_certificate_not_after", iso8601_utc(peer.not_after)});
      result.facts.push_back({"server_certificate_days_left", std::to_string(days_left)});
      if (peer.not_after < Clock::now()) {
        problems.push_back("server certificate expired on " + iso8601_utc(peer.not_after));
      } else if (days_left < warn_days) {
        result.warnings.push_back("server certificate expires in " + std::to_string(days_left) + " days");
      }
    } else {
      problems.push_back("the server sent no certificate");
    }
    if (outcome.verify_result != X509_V_OK) {
      problems.push_back("certificate verification failed: " + outcome.verify_message);
    }
    if (is_weak_cipher(outcome.cipher)) {
      problems.push_back("weak cipher negotiated: " + outcome.cipher);
    } else if (!outcome.aead) {
      result.warnings.push_back("non-AEAD (CBC) cipher under " + outcome.version + ": " + outcome.cipher);
    }
    // The server must also refuse the version below the minimum (no downgrade possible).
    if (int below = version_below(options.min_version); below != 0) {
      options.max_version = below;
      options.min_version = TLS1_VERSION;
      options.cipher_list = "DEFAULT:@SECLEVEL=0";
      if (auto legacy = tls_handshake(options); legacy.ok()) {
        problems.push_back("the server also accepts " + legacy->version + ", below the minimum");
      }
    }
    result.facts.push_back({"verification", outcome.verify_message});
    if (!problems.empty()) {
      std::string reason;
      for (const auto& problem : problems) {
        reason += (reason.empty() ? "" : "; ") + problem;
      }
      result.verdict = Verdict::Nej;
      result.reason = reason;
      return result;
    }
    result.verdict = Verdict::Ja;
    result.reason = outcome.version + " with " + outcome.cipher +
                    "; certificate chains to the CA bundle, matches the " + "host and is valid " +
                    std::to_string(days_left) + " more days";
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_tls_probe() {
  return std::make_unique<TlsProbe>();
}

} // namespace klarmeld::probes
