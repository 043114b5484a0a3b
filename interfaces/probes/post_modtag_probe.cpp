#include "interfaces/probes/post_modtag_probe.hpp"

#include <utility>

#include "crypto/random.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/rest/memo_message.hpp"

namespace klarmeld::probes {
namespace {

using support::default_test_cpr;
using support::finish;
using support::option;

bool is_transport_failure(const Error& error) {
  return error.code.rfind("http.", 0) == 0;
}

std::string excerpt(const std::string& body) {
  std::string line = body.substr(0, 160);
  for (char& c : line) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return line.empty() ? std::string("(empty body)") : line;
}

class PostModtagProbe final : public Probe {
public:
  std::string_view type() const override { return "post.modtag"; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec& spec, ProbeContext& context) override {
    TimePoint started = Clock::now();
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    if (endpoint->url.empty()) {
      return ProbeResult::not_tested("the profile has no URL for the PostModtag endpoint");
    }
    const std::string which = support::param(spec, "case", "delivery");
    const bool with_certificate = which != "client_certificate";
    if (with_certificate) {
      auto identity = context.system_identity();
      if (!identity) {
        return ProbeResult::not_tested("system certificate unavailable: " + identity.error().message);
      }
    }
    MemoMessage message;
    message.message_uuid = crypto::random_uuid();
    message.sender_cvr = context.profile().municipality_cvr;
    message.sender_label = context.profile().municipality_name;
    message.recipient_cpr = option(*endpoint, "test_cpr", default_test_cpr);
    message.created_utc = iso8601_utc(Clock::now());
    if (which == "malformed") {
      // A message without sender and recipient: the parts a receiver needs to place it.
      message.sender_cvr.clear();
      message.recipient_cpr.clear();
    }
    http::Request request;
    request.method = "POST";
    request.url = endpoint->url;
    request.headers = {{"Content-Type", "application/xml; charset=utf-8"}};
    request.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + build_memo_message(message);
    request.client_certificate = with_certificate;
    ProbeResult result;
    result.facts.push_back({"message_uuid", message.message_uuid});
    result.facts.push_back({"case", which});
    auto response = support::perform_recorded(context, request, "post-modtag-" + which, result);
    if (!response) {
      if (!with_certificate && (response.error().code == "http.tls" || response.error().code == "http.reset")) {
        return finish(std::move(result), Verdict::Ja,
                      "a client without a certificate was refused in the TLS handshake: " + response.error().message,
                      started);
      }
      if (is_transport_failure(response.error())) {
        return finish(std::move(result), Verdict::IkkeTestet,
                      "the PostModtag endpoint could not be reached: " + response.error().message, started);
      }
      return finish(std::move(result), Verdict::IkkeTestet, response.error().message, started);
    }
    const long status = response->status;
    const std::string answered = "HTTP " + std::to_string(status) + ": " + excerpt(response->body);
    if (which == "delivery") {
      return status >= 200 && status < 300
                 ? finish(std::move(result), Verdict::Ja, "a MeMo test message was accepted (" + answered + ")",
                          started)
                 : finish(std::move(result), Verdict::Nej,
                          "a valid MeMo test message was not accepted (" + answered + ")", started);
    }
    if (which == "malformed") {
      if (status >= 400 && status < 500) {
        return finish(std::move(result), Verdict::Ja,
                      "a MeMo message without sender and recipient was refused (" + answered + ")", started);
      }
      return finish(std::move(result), Verdict::Nej,
                    std::string("a MeMo message without sender and recipient was ") +
                        (status < 300 ? "accepted" : "not refused with a 4xx answer") + " (" + answered + ")",
                    started);
    }
    if (status == 401 || status == 403) {
      return finish(std::move(result), Verdict::Ja, "a client without a certificate was refused (" + answered + ")",
                    started);
    }
    return finish(std::move(result), Verdict::Nej,
                  "a client without a certificate got past TLS and was answered (" + answered +
                      "): the endpoint must require mutual TLS (refuse in the handshake or with 401/403)",
                  started);
  }
};

} // namespace

std::unique_ptr<Probe> make_post_modtag_probe() {
  return std::make_unique<PostModtagProbe>();
}

} // namespace klarmeld::probes
