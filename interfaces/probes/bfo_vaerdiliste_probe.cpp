#include "interfaces/probes/bfo_vaerdiliste_probe.hpp"

#include <algorithm>

#include "crypto/xml/safe_parse.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/soap/vaerdiliste.hpp"
#include "interfaces/wssec/ws_names.hpp"

namespace klarmeld::probes {
namespace {

using support::finish;
using support::option;

bool is_cpr(const std::string& value) {
  return value.size() == 10 && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class BfoVaerdilisteProbe final : public Probe {
public:
  std::string_view type() const override { return "bfo.vaerdiliste"; }
  int sequential_requests(const criteria::ProbeSpec&) const override { return 2; } // token, list

  TokenUse token_use(const criteria::ProbeSpec&, const profile::Profile& profile,
                     const std::string& interface_id) const override {
    auto found = profile.environment.interfaces.find(interface_id);
    return found == profile.environment.interfaces.end() ? TokenUse{} : TokenUse{found->second.entity_id, false};
  }

private:
  ProbeResult check(const criteria::Criterion&, const criteria::ProbeSpec&, ProbeContext& context) override {
    TimePoint started = Clock::now();
    const std::string& interface_id = context.interface().id;
    auto endpoint = context.endpoint(interface_id);
    if (!endpoint) {
      return ProbeResult::not_tested(endpoint.error().message);
    }
    const std::string uuid = option(*endpoint, "vaerdiliste_uuid");
    if (uuid.empty()) {
      return ProbeResult::not_tested("the profile names no options.vaerdiliste_uuid (the UUID of the value list the "
                                     "vendor's subscription is filtered by) for " +
                                     interface_id);
    }
    ProbeResult result;
    result.facts.push_back({"url", endpoint->url});
    result.facts.push_back({"vaerdiliste_uuid", uuid});
    if (!endpoint->entity_id.empty()) {
      auto token = context.tokens().token_for(endpoint->entity_id);
      if (!token) {
        // As the AMQP probes (bfo_probe_support): without a token nothing was tried, so Ikke testet; a
        // missing agreement is CE1510.5's finding, an unreachable STS the run's.
        return finish(result, Verdict::IkkeTestet,
                      "no token for " + endpoint->entity_id +
                          " (the agreement the value-list calls rest on): " + token.error().message,
                      started);
      }
      result.facts.push_back({"token_audience", endpoint->entity_id});
    }
    http::Request request;
    request.method = "POST";
    request.url = endpoint->url;
    // SOAP 1.1 §6.1.1: the SOAPAction header carries the binding's soapAction, quoted.
    request.headers = {{"Content-Type", wssec::ns::soap11_content_type},
                       {"SOAPAction", std::string("\"") + bfo::vaerdiliste_list_action + "\""}};
    request.body = bfo::build_list_request({uuid});
    request.client_certificate = true;
    request.idempotent = true; // list changes nothing
    auto response = support::perform_recorded(context, request, "bfo.vaerdiliste.list", result);
    if (!response) {
      return finish(result, Verdict::IkkeTestet,
                    "the value-list service could not be called: " + response.error().message, started);
    }
    return judge(std::move(result), *response, uuid, option(*endpoint, "vaerdi_format"), started);
  }

  static ProbeResult judge(ProbeResult result, const http::Response& response, const std::string& uuid,
                           const std::string& format, TimePoint started) {
    const std::string http_status = "HTTP " + std::to_string(response.status);
    if (auto doc = crypto::xml::parse_untrusted_xml(response.body, "value-list answer")) {
      if (auto fault = soap::find_soap_fault(doc->get()); fault && *fault) {
        return finish(std::move(result), Verdict::Nej,
                      "the value-list service answered list of " + uuid + " with a SOAP fault (" + http_status + ", " +
                          (*fault)->describe() + ")",
                      started);
      }
    }
    auto answer = bfo::read_list_answer(response.body);
    if (!answer) {
      return finish(std::move(result), Verdict::Nej,
                    "the value-list service's answer (" + http_status + ") is no ListOutput: " + answer.error().message,
                    started);
    }
    result.facts.push_back({"status_code", answer->status_code});
    if (answer->status_code != "20") {
      return finish(std::move(result), Verdict::Nej,
                    "list of value list " + uuid + " was answered StandardRetur " + answer->status_code +
                        (answer->error_text.empty() ? "" : " (" + answer->error_text + ")") + "; expected 20",
                    started);
    }
    auto list = std::find_if(answer->lists.begin(), answer->lists.end(),
                             [&](const bfo::ValueList& each) { return each.uuid == uuid || each.uuid.empty(); });
    if (list == answer->lists.end()) {
      return finish(std::move(result), Verdict::Nej,
                    "StandardRetur 20, but the Beskedfordeler holds no value list " + uuid +
                        ": the subscription that should use it filters on nothing the vendor maintains",
                    started);
    }
    result.facts.push_back({"vaerdiliste_navn", list->navn});
    result.facts.push_back({"value_count", std::to_string(list->values.size())});
    const std::string named = "value list " + uuid + (list->navn.empty() ? "" : " (\"" + list->navn + "\")");
    if (list->values.empty()) {
      return finish(std::move(result), Verdict::Nej,
                    named + " holds no values: a subscription filtered by it receives no messages, so the system "
                            "does not keep the list up to date",
                    started);
    }
    if (format == "cpr") {
      auto wrong = std::count_if(list->values.begin(), list->values.end(), [](const auto& v) { return !is_cpr(v); });
      if (wrong > 0) {
        return finish(std::move(result), Verdict::Nej,
                      named + ": " + std::to_string(wrong) + " of " + std::to_string(list->values.size()) +
                          " values are not a CPR number of ten digits without a dash",
                      started);
      }
    }
    return finish(std::move(result), Verdict::Ja,
                  named + " listed with StandardRetur 20; it holds " + std::to_string(list->values.size()) +
                      " value(s)",
                  started);
  }
};

} // namespace

std::unique_ptr<Probe> make_bfo_vaerdiliste_probe() {
  return std::make_unique<BfoVaerdilisteProbe>();
}

} // namespace klarmeld::probes
