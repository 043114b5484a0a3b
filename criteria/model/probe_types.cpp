#include "criteria/model/probe_types.hpp"

#include <algorithm>

namespace klarmeld::criteria {
namespace {

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto& word : words) {
    out += (out.empty() ? "" : ", ") + std::string(word);
  }
  return out;
}

bool all_digits(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A Choice parameter whose words are an enum's spellings; its parsed value goes to `field`.
template <typename Enum, std::size_t N>
ProbeParam mode_param(std::string_view name, std::string_view default_value, const Spelling<Enum> (&table)[N],
                      Enum ProbeModes::*field) {
  return {name, ParamKind::Choice, default_value, spellings(table),
          [&table, field](ProbeModes& modes, std::string_view text) {
            if (auto value = parse_spelling(table, text)) {
              modes.*field = *value;
            }
          }};
}

std::vector<ProbeType> make_table() {
  const ProbeParam target{"target", ParamKind::TlsTarget, own_interface_default, {}, {}};
  const ProbeParam min_version =
      mode_param("min_version", "1.2", tls_min_version_spellings, &ProbeModes::tls_min_version);
  const ProbeParam warn_days{"warn_days", ParamKind::Count, "30", {}, {}};
  const ProbeParam service{"service", ParamKind::InterfaceRef, own_interface_default, {}, {}};
  return {
      {"tls",
       "TLS handshake to the endpoint: minimum version, chain to the profile's CA bundle, host name, expiry, no weak "
       "ciphers",
       {},
       {target, min_version, warn_days}},
      {"sts.issue",
       "fetch a token from the STS with the system certificate and validate the assertion",
       {},
       {mode_param("variant", "soap", sts_variant_spellings, &ProbeModes::sts_variant), service}},
      {"soap.call",
       "OIOIDWS-signed SOAP call with a token; checks StandardRetur StatusKode",
       {mode_param("operation", "", soap_operation_spellings, &ProbeModes::soap_operation)},
       {{"expect_status", ParamKind::StatusCode, "20", {}, {}}, service}},
      {"rest.call",
       "REST call with a holder-of-key token over mutual TLS",
       {mode_param("operation", "", rest_operation_spellings, &ProbeModes::rest_operation)},
       {service}},
      {"saml.metadata", "SAML service-provider metadata checks", {}, {warn_days}},
      {"saml.slo", "signed LogoutRequest answered by a signed LogoutResponse with status Success", {}, {}},
      {"saml.sso",
       "SP-initiated login as the Context Handler: the SP's signed AuthnRequest answered by a signed Response; the SP "
       "logs in a correct one and refuses each forged one",
       {},
       {mode_param("case", "valid", sso_case_spellings, &ProbeModes::sso_case)}},
      {"sts.protected",
       "the vendor's token-protected service accepts a valid call and rejects each faulty one",
       {mode_param("case", "", protected_case_spellings, &ProbeModes::protected_case)},
       {}},
      {"sftp",
       "SFTP upload, list and remove with key authentication",
       {},
       {{"operation", ParamKind::Choice, "roundtrip", {"roundtrip"}, {}}}},
      {"bfo.receive",
       "AMQPS login with SASL EXTERNAL (bfo_modtag/2 token) and a passive declare of the dueslag",
       {},
       {}},
      {"post.modtag",
       "deliver a MeMo message to the vendor's PostModtag endpoint (SF1606): accepted, malformed refused, mutual TLS",
       {},
       {{"case", ParamKind::Choice, "delivery", {"delivery", "malformed", "client_certificate"}, {}}}},
      {"sts.agreements",
       "a token for the pilot CVR for every used interface declared \"anvendes\" (its service agreement exists)",
       {},
       {}},
      {"bfo.send",
       "publish a test message to AFSEND_BESKED_EXCHANGE (bfo_afsend/2 token, confirms, direct reply-to); "
       "expects StandardRetur 20",
       {},
       {}},
      {"bfo.envelope", "the vendor's sample message (options.sample_message) is a valid Haendelsesbesked", {}, {}},
      {"bfo.drain",
       "publish a test message for the vendor's dueslag, then see it arrive and drain with passive declares",
       {},
       {}},
      {"bfo.push",
       "ModtagBeskedInput POSTed to the vendor's callback over two-way TLS: 20, 20 again, not 20 when malformed",
       {},
       {}},
      {"bfo.vaerdiliste",
       "list the vendor's value list (options.vaerdiliste_uuid) over the Beskedfordeler's SOAP 1.1 value-list "
       "service: StandardRetur 20 and values",
       {},
       {}},
  };
}

} // namespace

const ProbeParam* ProbeType::find(std::string_view name) const {
  for (const auto* list : {&required, &optional}) {
    for (const auto& param : *list) {
      if (param.name == name) {
        return &param;
      }
    }
  }
  return nullptr;
}

std::vector<std::string_view> ProbeType::parameter_names() const {
  std::vector<std::string_view> names;
  for (const auto* list : {&required, &optional}) {
    for (const auto& param : *list) {
      names.push_back(param.name);
    }
  }
  return names;
}

const std::vector<ProbeType>& probe_types() {
  static const std::vector<ProbeType> table = make_table();
  return table;
}

const ProbeType* find_probe_type(std::string_view type) {
  for (const auto& entry : probe_types()) {
    if (entry.type == type) {
      return &entry;
    }
  }
  return nullptr;
}

std::vector<std::string_view> probe_type_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : probe_types()) {
    names.push_back(entry.type);
  }
  return names;
}

std::string check_probe_param(const ProbeParam& param, std::string_view value,
                              const std::vector<std::string>& interface_ids) {
  auto is_interface = [&](std::string_view id) {
    return std::find(interface_ids.begin(), interface_ids.end(), id) != interface_ids.end();
  };
  switch (param.kind) {
  case ParamKind::Choice:
    return std::find(param.choices.begin(), param.choices.end(), value) != param.choices.end()
               ? ""
               : "one of " + joined(param.choices);
  case ParamKind::Count:
    return all_digits(value) && value.size() <= 5 ? "" : "a whole number of days, e.g. 30";
  case ParamKind::StatusCode:
    return all_digits(value) && value.size() == 2 ? "" : "a two-digit StatusKode, e.g. 20";
  case ParamKind::InterfaceRef:
    return is_interface(value) ? "" : "an interface id from the catalog's order";
  case ParamKind::TlsTarget:
    return value == sts_target || is_interface(value) ? "" : "'sts' or an interface id from the catalog's order";
  }
  return "a valid value";
}

ProbeModes modes_of(const ProbeSpec& spec) {
  ProbeModes modes;
  const ProbeType* type = find_probe_type(spec.type);
  if (type == nullptr) {
    return modes;
  }
  for (const auto* list : {&type->required, &type->optional}) {
    for (const auto& param : *list) {
      auto value = spec.params.find(std::string(param.name));
      if (param.store && value != spec.params.end()) {
        param.store(modes, value->second);
      }
    }
  }
  return modes;
}

std::string default_for(const ProbeParam& param, const std::string& interface_id) {
  return param.default_value == own_interface_default ? interface_id : std::string(param.default_value);
}

} // namespace klarmeld::criteria
