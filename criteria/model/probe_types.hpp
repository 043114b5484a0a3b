// The probe registry as the catalog sees it: which probe types exist and which parameters each takes.
// The catalog loader rejects unknown types, unknown parameters, missing required ones and values outside
// the allowed set, and fills in every optional parameter's default — so after loading, a probe finds all
// its parameters present. (The probes themselves live in interfaces/; this table is their contract.)
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "criteria/model/catalog.hpp"

namespace klarmeld::criteria {

enum class ParamKind {
  Choice,       // one of `choices`
  Count,        // a non-negative whole number, e.g. warn_days
  StatusCode,   // a StandardRetur StatusKode: two digits, e.g. 20 (sagdok: 20 OK, 40 bad input, 44 not found)
  InterfaceRef, // the id of an interface in the catalog's order
  TlsTarget,    // an interface id, or "sts" for the STS endpoint
};

// Default value meaning "the id of the interface the criterion belongs to".
inline constexpr std::string_view own_interface_default = "<own interface>";
// The TlsTarget word for the STS endpoint (environment.sts.url) rather than an interface's.
inline constexpr std::string_view sts_target = "sts";

struct ProbeParam {
  std::string_view name;
  ParamKind kind = ParamKind::Choice;
  std::string_view default_value; // optional parameters only
  std::vector<std::string_view> choices;
  // A mode parameter: stores the parsed value of a checked word in ProbeModes (else empty).
  std::function<void(ProbeModes&, std::string_view)> store;
};

struct ProbeType {
  std::string_view type;
  std::string_view meaning;
  std::vector<ProbeParam> required;
  std::vector<ProbeParam> optional;

  const ProbeParam* find(std::string_view name) const;
  std::vector<std::string_view> parameter_names() const; // required first, then optional
};

const std::vector<ProbeType>& probe_types();
const ProbeType* find_probe_type(std::string_view type);
std::vector<std::string_view> probe_type_names();

// Empty when `value` is acceptable for `param`, else what was expected ("one of 1.2, 1.3").
std::string check_probe_param(const ProbeParam& param, std::string_view value,
                              const std::vector<std::string>& interface_ids);

// The modes `spec`'s parameters select, parsed from their (checked) words; the loader sets
// ProbeSpec::modes from it once.
ProbeModes modes_of(const ProbeSpec& spec);

// The value a missing optional parameter takes for a criterion of `interface_id`.
std::string default_for(const ProbeParam& param, const std::string& interface_id);

} // namespace klarmeld::criteria
