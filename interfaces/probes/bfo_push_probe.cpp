#include "interfaces/probes/bfo_push_probe.hpp"

#include "crypto/random.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/rest/modtag_besked.hpp"

namespace klarmeld::probes {
namespace {

using support::option;

// One POST and what came back: the callback's answer, or why there is none.
bfo::PushAnswer push(ProbeContext& context, const std::string& url, const std::string& body, const std::string& label,
                     ProbeResult& result) {
  const http::Request request = bfo::modtag_besked_request(url, body);
  auto response = support::perform_recorded(context, request, label, result);
  if (!response) {
    bfo::PushAnswer answer;
    answer.said = response.error().message;
    return answer;
  }
  return bfo::read_modtag_besked_answer(response->status, response->body);
}

class BfoPushProbe final : public Probe {
public:
  std::string_view type() const override { return "bfo.push"; }
  int sequential_requests(const criteria::ProbeSpec&) const override { return 3; } // message, repeat, malformed

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    auto endpoint = context.endpoint(context.interface().id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    const std::string url = option(*endpoint, "callback_url");
    if (url.rfind("https://", 0) != 0) {
      return ProbeResult::not_tested("the profile names no options.callback_url (https://, the callback endpoint "
                                     "registered for push in the administration module) for " +
                                     context.interface().id);
    }
    bfo::PushMessage message;
    message.besked_id = crypto::random_uuid();
    message.beskedtype = option(*endpoint, "push_beskedtype", bfo::sample_beskedtype);
    message.transaktions_id = crypto::random_uuid();
    message.data_text = "klarmeld test message";
    const std::string body = bfo::build_modtag_besked_input(message);

    ProbeResult result;
    result.facts.push_back({"callback_url", url});
    result.facts.push_back({"besked_id", message.besked_id});
    bfo::PushAnswer first = push(context, url, body, "bfo.push.message", result);
    result.facts.push_back({"first", first.said});
    if (!first.received) {
      result.verdict = Verdict::Nej;
      result.reason = "the callback " + url + " did not take a well-formed ModtagBeskedInput (BeskedId " +
                      message.besked_id + "): " + first.said + "; expected HTTP 200, StatusKode 20";
      return result;
    }
    bfo::PushAnswer again = push(context, url, body, "bfo.push.repeat", result);
    result.facts.push_back({"repeat", again.said});
    if (!again.received) {
      result.verdict = Verdict::Nej;
      result.reason = "the same BeskedId " + message.besked_id + " delivered again was answered " + again.said +
                      "; BFO may deliver a message more than once, so a repeat must be answered StatusKode 20";
      return result;
    }
    // Cut inside an element: not well-formed XML, as a broken delivery would arrive.
    const std::string malformed = body.substr(0, body.find("<k:Beskedkuvert>"));
    bfo::PushAnswer broken = push(context, url, malformed, "bfo.push.malformed", result);
    result.facts.push_back({"malformed", broken.said});
    if (broken.received) {
      result.verdict = Verdict::Nej;
      result.reason =
          "the callback answered StatusKode 20 to a malformed ModtagBeskedInput (not well-formed XML): "
          "BFO would count it as delivered and drop it; expected another StatusKode (the sample answers 41)";
      return result;
    }
    result.verdict = Verdict::Ja;
    result.reason = "the callback " + url + " answered StatusKode 20 to ModtagBeskedInput " + message.besked_id +
                    " and to the same BeskedId again, and refused a malformed message (" + broken.said + ")";
    return result;
  }
};

} // namespace

std::unique_ptr<Probe> make_bfo_push_probe() {
  return std::make_unique<BfoPushProbe>();
}

} // namespace klarmeld::probes
