#include "interfaces/probes/saml_metadata_probe.hpp"

#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/saml/metadata_checks.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes {
namespace {

using support::param;

class SamlMetadataProbe final : public Probe {
public:
  std::string_view type() const override { return "saml.metadata"; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    auto option = endpoint->options.find("metadata_url");
    std::string url = option != endpoint->options.end() ? option->second : endpoint->url;
    if (url.empty()) {
      return ProbeResult::not_tested("the profile names no metadata URL for " + context.interface().id);
    }
    MetadataPolicy policy;
    policy.warn_days = std::stol(param(spec, "warn_days", "30"));
    http::Request request;
    request.url = url;
    request.idempotent = true;
    // Metadata is public, but presenting the system certificate does no harm and some hosts demand it.
    request.client_certificate = true;
    request.max_response_bytes = policy.max_bytes;
    request.headers = {{"Accept", "application/samlmetadata+xml, application/xml"}};
    auto response = context.http().perform(request);
    if (!response) {
      // The SP hosts its own metadata: an untrusted certificate or an oversized answer is the
      // vendor's fault (Nej); an unreachable host decides nothing (Ikke testet).
      if (response.error().code == "http.too-large" || response.error().code == "http.tls") {
        return ProbeResult::nej("metadata not served acceptably: " + response.error().message);
      }
      return ProbeResult::not_tested("cannot fetch metadata: " + response.error().message);
    }
    ProbeResult result;
    result.http_status = static_cast<int>(response->status);
    result.request_bytes = 0;
    result.request_sha256 = sha256_hex("GET " + url);
    result.response_bytes = response->body.size();
    result.response_sha256 = sha256_hex(response->body);
    context.record_exchange("metadata", "GET " + url, response->body);
    if (response->status != 200) {
      result.verdict = Verdict::Nej;
      result.reason = "metadata URL " + url + " answered HTTP " + std::to_string(response->status);
      return result;
    }
    MetadataFindings findings = check_sp_metadata(response->body, context.trust_anchors(), policy, Clock::now());
    for (auto& [key, value] : findings.facts) {
      result.facts.push_back({key, value});
    }
    result.warnings = findings.warnings;
    if (!findings.problems.empty()) {
      result.verdict = Verdict::Nej;
      for (const auto& problem : findings.problems) {
        result.reason += (result.reason.empty() ? "" : "; ") + problem;
      }
      return result;
    }
    result.verdict = Verdict::Ja;
    result.reason = "SP metadata meets the Context Handler's requirements (signed AuthnRequests, "
                    "valid OCES signing/encryption certificates, HTTPS ACS and SLO)";
    for (const auto& warning : findings.warnings) {
      result.reason += "; warning: " + warning;
    }
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_saml_metadata_probe() {
  return std::make_unique<SamlMetadataProbe>();
}

} // namespace klarmeld::probes
