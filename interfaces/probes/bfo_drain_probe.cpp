#include "interfaces/probes/bfo_drain_probe.hpp"

#include <thread>

#include "interfaces/amqp/bfo_names.hpp"
#include "interfaces/probes/bfo_probe_support.hpp"
#include "interfaces/probes/probe_support.hpp"

namespace klarmeld::probes {
namespace {

using support::option;
using SteadyClock = std::chrono::steady_clock;

constexpr auto poll_interval = std::chrono::milliseconds(250);

std::string modtag_entity_id_of(const profile::Profile& profile, const std::string& interface_id) {
  auto found = profile.environment.interfaces.find(interface_id);
  if (found == profile.environment.interfaces.end() || found->second.entity_id.empty()) {
    return bfo::modtag_entity_id;
  }
  return found->second.entity_id;
}

std::string consumers_text(std::uint32_t consumers) {
  return consumers == 0 ? "no consumer" : std::to_string(consumers) + " consumer(s) that do not take them";
}

class BfoDrainProbe final : public Probe {
public:
  std::string_view type() const override { return "bfo.drain"; }
  // Two logins (TLS + EXTERNAL each), the publish and its reply, then the watch.
  int sequential_requests(const criteria::ProbeSpec&) const override { return 6; }

  TokenUse token_use(const criteria::ProbeSpec&, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    return TokenUse{modtag_entity_id_of(profile, interface_id), false};
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    const std::string& interface_id = context.interface().id;
    auto endpoint = context.endpoint(interface_id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    const std::string dueslag = option(*endpoint, "dueslag");
    const std::string beskedtype = option(*endpoint, "test_beskedtype");
    if (dueslag.empty() || beskedtype.empty()) {
      return ProbeResult::not_tested("the profile names no options.dueslag and options.test_beskedtype (a message "
                                     "type the dueslag subscribes to) for " +
                                     interface_id + ", so no test message can be sent to watch it drain");
    }
    const auto watch = bfo_support::seconds_option(*endpoint, "drain_seconds", std::chrono::seconds(10));
    ProbeResult result;
    result.facts.push_back({"dueslag", dueslag});
    auto receiver = bfo_support::log_in(context, interface_id, modtag_entity_id_of(context.profile(), interface_id));
    if (!receiver.session) {
      result.verdict = receiver.verdict;
      result.reason = receiver.reason;
      return result;
    }
    auto before = receiver.session->passive_declare(dueslag);
    if (!before) {
      result.verdict = Verdict::Nej;
      result.reason = "passive declare of dueslag " + dueslag + " failed: " + before.error().message;
      return result;
    }
    // The test message goes in as any sender's would: its own login with a bfo_afsend/2 token.
    auto sender = bfo_support::log_in(context, interface_id, bfo::afsend_entity_id);
    if (!sender.session) {
      return ProbeResult::not_tested("cannot send the test message: " + sender.reason);
    }
    bfo::Haendelsesbesked message = bfo_support::test_message(beskedtype, receiver.cvr);
    result.facts.push_back({"besked_id", message.besked_id});
    auto sent = bfo_support::send(*sender.session, sender.token, message, std::chrono::seconds(10));
    if (!sent || !sent->accepted) {
      return ProbeResult::not_tested("the Beskedfordeler did not accept the test message, so the drain cannot be "
                                     "watched: " +
                                     (sent ? sent->reason : sent.error().message));
    }
    const auto watch_start = SteadyClock::now();
    const auto deadline = watch_start + watch;
    amqp::QueueCounts last = *before;
    std::uint32_t peak = before->messages + 1; // the test message is in the dueslag once BFO answered 20
    while (SteadyClock::now() < deadline && !context.cancelled()) {
      auto counts = receiver.session->passive_declare(dueslag);
      if (!counts) {
        result.verdict = Verdict::Nej;
        result.reason = "passive declare of dueslag " + dueslag + " failed while watching: " + counts.error().message;
        return result;
      }
      last = *counts;
      peak = std::max(peak, last.messages);
      if (last.messages == 0) {
        break;
      }
      std::this_thread::sleep_for(poll_interval);
    }
    result.facts.push_back({"messages_before", std::to_string(before->messages)});
    result.facts.push_back({"messages_after", std::to_string(last.messages)});
    result.facts.push_back({"consumer_count", std::to_string(last.consumers)});
    const std::string seconds = std::to_string(watch.count()) + " s";
    if (last.messages == 0 || last.messages < before->messages) {
      result.verdict = Verdict::Ja;
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - watch_start);
      result.reason = "test message " + message.besked_id + " accepted (StandardRetur 20); dueslag " + dueslag +
                      " went from " + std::to_string(before->messages + 1) + " to " + std::to_string(last.messages) +
                      " messages in " + std::to_string(took.count()) + " ms (" + std::to_string(last.consumers) +
                      " consumer(s))";
      return result;
    }
    result.verdict = Verdict::Nej;
    const bool grew = last.messages > before->messages;
    result.reason = "dueslag " + dueslag + " holds " + std::to_string(last.messages) + " messages and " +
                    (grew ? "grew" : "did not shrink") + " during " + seconds + "; " + consumers_text(last.consumers);
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_bfo_drain_probe() {
  return std::make_unique<BfoDrainProbe>();
}

} // namespace klarmeld::probes
