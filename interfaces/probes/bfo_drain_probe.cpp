#include "interfaces/probes/bfo_drain_probe.hpp"

#include <thread>
#include <vector>

#include "interfaces/amqp/bfo_names.hpp"
#include "interfaces/probes/bfo_probe_support.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "util/task_context.hpp"

namespace klarmeld::probes {
namespace {

using support::default_test_cpr;
using support::option;
using SteadyClock = std::chrono::steady_clock;

constexpr auto poll_interval = std::chrono::milliseconds(250);
constexpr auto fast_poll = std::chrono::milliseconds(20);
constexpr auto fast_phase = std::chrono::seconds(2);

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
    // A subscription may filter by a value list (SF1460_B): BFO then delivers only messages about an
    // object in the list, so the test message names a person, the profile's test CPR number (one from
    // the list when `vaerdiliste_uuid` says the subscription filters; docs/probes.md "bfo.drain").
    const std::string test_cpr = option(*endpoint, "test_cpr", default_test_cpr);
    const std::string vaerdiliste = option(*endpoint, "vaerdiliste_uuid");
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
    // The guard (docs/probes.md "bfo.drain"): StandardRetur 20 says BFO accepted the message, not that
    // any subscription delivered it — SF1462 v2.0 even trims TilladtModtager silently instead of
    // refusing (Digitaliseringskataloget, "Ny version af fælleskommunal Beskedfordeler åbner
    // serviceaftaler"). So the test message must be seen in the dueslag. A message given to an idle
    // consumer at once is never counted by queue.declare-ok (its message-count leaves out messages
    // awaiting acknowledgement: AMQP 0-9-1, domain message-count of queue.declare-ok), so with a consumer
    // more messages follow: while the consumer processes one, the next waits in the dueslag where it can
    // be seen. The dueslag is looked at after each send from the second on, and sending stops once a
    // message is seen; a third is sent only when the second's round trip outlasted the consumer's work on
    // the first (a loaded machine), so the window is not missed for want of a message behind it.
    const int most_to_send = before->consumers == 0 ? 1 : 3;
    amqp::QueueCounts last = *before;
    bool seen = false;
    std::uint32_t lowest = before->messages; // a rise above it is a message arriving, even amid a draining backlog
    // One look at the dueslag: its counts, and whether a message arrived (a rise above the lowest).
    auto look = [&](const std::string& when) {
      auto counts = receiver.session->passive_declare(dueslag);
      if (!counts) {
        result.verdict = Verdict::Nej;
        result.reason = "passive declare of dueslag " + dueslag + " failed " + when + ": " + counts.error().message;
        return false;
      }
      last = *counts;
      seen = seen || last.messages > lowest;
      lowest = std::min(lowest, last.messages);
      return true;
    };
    std::vector<std::string> besked_ids;
    for (int i = 0; i < most_to_send && !seen; ++i) {
      bfo::Haendelsesbesked message = bfo_support::test_message(beskedtype, receiver.cvr);
      message.objekt_ids = {bfo::cpr_urn(test_cpr)};
      besked_ids.push_back(message.besked_id);
      auto sent = bfo_support::send(*sender.session, sender.token, message, std::chrono::seconds(10));
      if (!sent || !sent->accepted) {
        return ProbeResult::not_tested("the Beskedfordeler did not accept the test message, so the drain cannot be "
                                       "watched: " +
                                       (sent ? sent->reason : sent.error().message));
      }
      if (i > 0 && !look("while sending")) {
        return result;
      }
    }
    result.facts.push_back({"besked_id", besked_ids.front()});
    const auto watch_start = SteadyClock::now();
    const auto deadline = watch_start + watch;
    while (SteadyClock::now() < deadline && !context.cancelled()) {
      if (!look("while watching")) {
        return result;
      }
      if (seen && last.messages == 0) {
        break;
      }
      // Look often at first, while a consumer may be processing the first message only briefly. The
      // pause holds no CPU slot (util/task_context.hpp), so other probes' watches run meanwhile.
      util::WaitingOffCpu off_cpu;
      std::this_thread::sleep_for(SteadyClock::now() - watch_start < fast_phase ? fast_poll : poll_interval);
    }
    result.facts.push_back({"messages_before", std::to_string(before->messages)});
    result.facts.push_back({"messages_after", std::to_string(last.messages)});
    result.facts.push_back({"consumer_count", std::to_string(last.consumers)});
    result.facts.push_back({"test_message_seen", seen ? "yes" : "no"});
    const std::string seconds = std::to_string(watch.count()) + " s";
    if (!seen) {
      return unseen(result, dueslag, beskedtype, vaerdiliste, *before, last, besked_ids, seconds);
    }
    if (last.messages == 0 || last.messages < before->messages) {
      result.verdict = Verdict::Ja;
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - watch_start);
      result.reason = "test message " + besked_ids.front() + " accepted (StandardRetur 20) and seen in dueslag " +
                      dueslag + ", which went from " + std::to_string(before->messages + 1) + " to " +
                      std::to_string(last.messages) + " messages in " + std::to_string(took.count()) + " ms (" +
                      std::to_string(last.consumers) + " consumer(s))";
      return result;
    }
    result.verdict = Verdict::Nej;
    const bool grew = last.messages > before->messages;
    result.reason = "dueslag " + dueslag + " holds " + std::to_string(last.messages) + " messages and " +
                    (grew ? "grew" : "did not shrink") + " during " + seconds + "; " + consumers_text(last.consumers);
    return result;
  }

  // The test message(s) never showed in the dueslag. Without a consumer a delivered message would have
  // stayed there, so no subscription delivered it: Nej. With consumers, one that takes every message at
  // once (no prefetch limit) hides them as well as a missing subscription does; passive declares
  // cannot tell the two apart, so the vendor's own log of the BeskedId decides (Ikke testet).
  // When the subscription filters by a value list, a test CPR number the list does not hold explains
  // the same silence: not the vendor's fault but the profile's, so Ikke testet naming both (the CPR
  // number itself stays out of the result: a secret, CONTRIBUTING.md).
  static ProbeResult unseen(ProbeResult result, const std::string& dueslag, const std::string& beskedtype,
                            const std::string& vaerdiliste, const amqp::QueueCounts& before,
                            const amqp::QueueCounts& last, const std::vector<std::string>& besked_ids,
                            const std::string& seconds) {
    const std::string held =
        std::to_string(before.messages) + " message(s) before and " + std::to_string(last.messages) + " after";
    if (!vaerdiliste.empty()) {
      result.verdict = Verdict::IkkeTestet;
      result.reason = "the test message for Beskedtype " + beskedtype + " was never seen in dueslag " + dueslag + " (" +
                      held + ", " + std::to_string(last.consumers) +
                      " consumer(s)); its subscription filters by value list " + vaerdiliste +
                      " (options.vaerdiliste_uuid) and BFO delivers only messages about an object in that list: "
                      "either the CPR number in options.test_cpr is not in the list or no subscription delivered "
                      "the message; name a CPR number from the list in options.test_cpr";
      return result;
    }
    if (before.consumers == 0 && last.consumers == 0) {
      result.verdict = Verdict::Nej;
      result.reason = "no subscription delivered the test message to dueslag " + dueslag +
                      ": StandardRetur 20 for Beskedtype " + beskedtype + ", but during " + seconds +
                      " the dueslag held " + held + " and has no consumer that could have taken it";
      return result;
    }
    result.verdict = Verdict::IkkeTestet;
    std::string ids;
    for (const auto& id : besked_ids) {
      ids += (ids.empty() ? "" : ", ") + id;
    }
    result.reason = "the test messages for Beskedtype " + beskedtype + " were never seen in dueslag " + dueslag + " (" +
                    held + ", " + std::to_string(last.consumers) +
                    " consumer(s)): either no subscription delivered them or a consumer took them at once; "
                    "passive declares cannot tell which, so show the system's log of BeskedId " +
                    ids;
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_bfo_drain_probe() {
  return std::make_unique<BfoDrainProbe>();
}

} // namespace klarmeld::probes
