#include "interfaces/probes/bfo_receive_probe.hpp"

#include "interfaces/amqp/amqp_session.hpp"
#include "interfaces/amqp/bfo_names.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/bfo_probe_support.hpp"
#include "interfaces/probes/probe_support.hpp"

namespace klarmeld::probes {
namespace {

using support::option;

std::string entity_id_of(const profile::InterfaceEndpoint& endpoint) {
  return endpoint.entity_id.empty() ? std::string(bfo::modtag_entity_id) : endpoint.entity_id;
}

class BfoReceiveProbe final : public Probe {
public:
  std::string_view type() const override { return "bfo.receive"; }
  int sequential_requests(const criteria::ProbeSpec&) const override { return 3; } // TLS, login, declare

  TokenUse token_use(const criteria::ProbeSpec&, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    auto found = profile.environment.interfaces.find(interface_id);
    return TokenUse{found == profile.environment.interfaces.end() ? std::string(bfo::modtag_entity_id)
                                                                  : entity_id_of(found->second),
                    false};
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    const std::string dueslag = option(*endpoint, "dueslag");
    if (dueslag.empty()) {
      return ProbeResult::not_tested("the profile names no options.dueslag (the dueslag's UUID) for " +
                                     context.interface().id);
    }
    // The same login as bfo.send and bfo.drain: endpoint, token, AMQPS with SASL EXTERNAL.
    bfo_support::Login login = bfo_support::log_in(context, context.interface().id, entity_id_of(*endpoint));
    ProbeResult result;
    if (!login.cvr.empty()) {
      result.facts.push_back({"token_entity_id", login.entity_id});
      result.facts.push_back({"token_cvr", login.cvr});
    }
    result.facts.push_back({"dueslag", dueslag});
    if (!login.session) {
      result.verdict = login.verdict;
      result.reason = login.reason;
      return result;
    }
    auto counts = login.session->passive_declare(dueslag);
    if (!counts) {
      result.verdict = Verdict::Nej;
      result.reason = counts.error().code == "amqp.queue-not-found"
                          ? "login accepted, but dueslag " + dueslag + " does not exist: " + counts.error().message
                          : "passive declare of dueslag " + dueslag + " failed: " + counts.error().message;
      return result;
    }
    result.facts.push_back({"message_count", std::to_string(counts->messages)});
    result.facts.push_back({"consumer_count", std::to_string(counts->consumers)});
    result.verdict = Verdict::Ja;
    result.reason = "logged in with SASL EXTERNAL (token for " + login.entity_id + "); dueslag " + dueslag + " holds " +
                    std::to_string(counts->messages) + " messages, " + std::to_string(counts->consumers) + " consumers";
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_bfo_receive_probe() {
  return std::make_unique<BfoReceiveProbe>();
}

} // namespace klarmeld::probes
