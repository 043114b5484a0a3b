#include "interfaces/probes/bfo_send_probe.hpp"

#include "interfaces/amqp/bfo_names.hpp"
#include "interfaces/probes/bfo_probe_support.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "util/files.hpp"

namespace klarmeld::probes {
namespace {

using support::option;

std::string afsend_entity_id_of(const profile::Profile& profile, const std::string& interface_id) {
  auto found = profile.environment.interfaces.find(interface_id);
  if (found == profile.environment.interfaces.end() || found->second.entity_id.empty()) {
    return bfo::afsend_entity_id;
  }
  return found->second.entity_id;
}

class BfoSendProbe final : public Probe {
public:
  std::string_view type() const override { return "bfo.send"; }
  int sequential_requests(const criteria::ProbeSpec&) const override { return 4; } // TLS, login, publish, reply

  TokenUse token_use(const criteria::ProbeSpec&, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    return TokenUse{afsend_entity_id_of(profile, interface_id), false};
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    const std::string& interface_id = context.interface().id;
    auto login = bfo_support::log_in(context, interface_id, afsend_entity_id_of(context.profile(), interface_id));
    ProbeResult result;
    result.facts.push_back({"token_entity_id", login.entity_id});
    if (!login.session) {
      result.verdict = login.verdict;
      result.reason = login.reason;
      return result;
    }
    result.facts.push_back({"token_cvr", login.cvr});
    auto endpoint = context.endpoint(interface_id);
    const std::string beskedtype = option(*endpoint, "test_beskedtype", bfo::test_beskedtype);
    const auto timeout = bfo_support::seconds_option(*endpoint, "reply_timeout_seconds", std::chrono::seconds(10));
    bfo::Haendelsesbesked message = bfo_support::test_message(beskedtype, login.cvr);
    result.facts.push_back({"besked_id", message.besked_id});
    result.facts.push_back({"beskedtype", beskedtype});
    auto sent = bfo_support::send(*login.session, login.token, message, timeout);
    if (!sent) {
      result.verdict = Verdict::Nej;
      result.reason = "logged in with SASL EXTERNAL, but the publish failed: " + sent.error().message;
      return result;
    }
    if (!sent->status.empty()) {
      result.facts.push_back({"status_kode", sent->status});
    }
    result.verdict = sent->accepted ? Verdict::Ja : Verdict::Nej;
    result.reason = "test message " + message.besked_id + " to " + bfo::afsend_exchange + " (token for " +
                    login.entity_id + "): " + sent->reason;
    return result;
  }
};

class BfoEnvelopeProbe final : public Probe {
public:
  std::string_view type() const override { return "bfo.envelope"; }
  int sequential_requests(const criteria::ProbeSpec&) const override { return 0; }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    const std::string named = option(*endpoint, "sample_message");
    if (named.empty()) {
      return ProbeResult::not_tested("the profile names no options.sample_message (a message the system sent) for " +
                                     context.interface().id);
    }
    const std::string path = support::relative_to_profile(context.profile(), named);
    auto text = read_file(path);
    if (!text) {
      return ProbeResult::not_tested("cannot read the sample message: " + text.error().message);
    }
    auto message = bfo::read_haendelsesbesked(*text, named);
    if (!message) {
      return ProbeResult::nej("the sample message's envelope is wrong: " + message.error().message);
    }
    ProbeResult result =
        ProbeResult::ja("the sample message is a Haendelsesbesked {" + std::string(bfo::kuvert_namespace) +
                        "}: BeskedId " + message->besked_id + ", Beskedtype " + message->beskedtype +
                        ", Dannelsestidspunkt " + message->dannelsestidspunkt);
    result.facts.push_back({"besked_id", message->besked_id});
    result.facts.push_back({"beskedtype", message->beskedtype});
    result.facts.push_back({"tilladte_modtagere", std::to_string(message->tilladte_modtagere.size())});
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_bfo_send_probe() {
  return std::make_unique<BfoSendProbe>();
}

std::unique_ptr<Probe> make_bfo_envelope_probe() {
  return std::make_unique<BfoEnvelopeProbe>();
}

} // namespace klarmeld::probes
