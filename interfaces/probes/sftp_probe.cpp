#include "interfaces/probes/sftp_probe.hpp"

#include <sstream>

#include "crypto/random.hpp"
#include "interfaces/context.hpp"
#include "interfaces/http/url.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/sftp/sftp_session.hpp"
#include "util/digest.hpp"

namespace klarmeld::probes {
namespace {

using support::option;

std::string unique_name() {
  return "klarmeld-test-" + crypto::random_hex(8) + ".txt";
}

bool listed(const std::string& listing, const std::string& name) {
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line == name) {
      return true;
    }
  }
  return false;
}

class SftpProbe final : public Probe {
public:
  std::string_view type() const override { return "sftp"; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    auto url = http::parse_url(endpoint->url);
    if (!url || url->scheme != "sftp") {
      return ProbeResult::not_tested("the endpoint for " + context.interface().id + " is not an sftp:// URL");
    }
    const std::string& key = context.profile().credentials.ssh_private_key;
    if (key.empty()) {
      return ProbeResult::not_tested("the profile names no credentials.ssh_private_key");
    }
    SftpSettings settings;
    settings.host = url->host;
    settings.port = url->port;
    settings.username = option(*endpoint, "username");
    if (settings.username.empty()) {
      settings.username = url->user;
    }
    settings.private_key_file = key;
    settings.known_hosts_file = option(*endpoint, "known_hosts");
    settings.host_key_sha256 = option(*endpoint, "host_key_sha256");
    settings.cancelled = [&context] { return context.cancelled(); };
    settings.connect_timeout = context.connect_timeout(); // banner then silence ends here, as TLS does
    std::string directory = url->path.ends_with('/') ? url->path : url->path + "/";
    std::string name = unique_name();
    std::string content = "klarmeld SFTP test " + iso8601_utc(Clock::now()) + "\n";

    ProbeResult result;
    bool host_key_checked = !settings.known_hosts_file.empty() || !settings.host_key_sha256.empty();
    SftpSession session(settings);
    if (auto uploaded = session.upload(directory + name, content); !uploaded) {
      return failed("upload", uploaded.error(), session, result);
    }
    result.facts.push_back({"host_key", session.seen_host_key()});
    result.facts.push_back({"test_file", directory + name});
    result.request_bytes = content.size();
    result.request_sha256 = sha256_hex(content);
    auto listing = session.list(directory);
    if (!listing) {
      (void)session.remove(directory + name);
      return failed("list", listing.error(), session, result);
    }
    if (!listed(*listing, name)) {
      (void)session.remove(directory + name);
      result.verdict = Verdict::Nej;
      result.reason = "the uploaded file " + name + " is not in the listing of " + directory;
      return result;
    }
    if (auto removed = session.remove(directory + name); !removed) {
      return failed("remove", removed.error(), session, result);
    }
    auto after = session.list(directory);
    if (after && listed(*after, name)) {
      result.verdict = Verdict::Nej;
      result.reason = "the test file " + name + " is still listed after removal";
      return result;
    }
    context.record_exchange("sftp-roundtrip", "PUT " + directory + name + "\n" + content, after ? *after : "");
    if (!host_key_checked) {
      result.warnings.push_back("host key " + session.seen_host_key() +
                                " not verified: set options.known_hosts or options.host_key_sha256");
    }
    result.verdict = Verdict::Ja;
    result.reason = "uploaded, listed and removed " + name + " in " + directory + " with key authentication";
    return result;
  }

  static ProbeResult failed(const std::string& step, const Error& error, const SftpSession& session,
                            ProbeResult& result) {
    bool unreachable = error.code == "sftp.connect" || error.code == "sftp.timeout" || error.code == "sftp.cancelled";
    result.verdict = unreachable ? Verdict::IkkeTestet : Verdict::Nej;
    result.reason = "SFTP " + step + " failed: " + error.message;
    if (!session.seen_host_key().empty()) {
      result.facts.push_back({"host_key", session.seen_host_key()});
    }
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_sftp_probe() {
  return std::make_unique<SftpProbe>();
}

} // namespace klarmeld::probes
