// KOMBIT's environments as data (issue #15): criteria/environments/<id>.yaml beside the catalog, one
// file per KOMBIT environment (eksterntest, produktion), holding the STS URLs and issuer and every
// KOMBIT service's endpoint and entityID, each value with its public source or "inferred: why"
// (docs/profile-format.md "KOMBIT's environments"). SOAP actions and versions are not here: they stay
// with the operations (interfaces/soap/soap_operations.hpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "util/json.hpp"
#include "util/result.hpp"

namespace klarmeld::criteria {

// One value and where it comes from: "owner/repository: path" or "inferred: reason".
struct SourcedValue {
  std::string value;
  std::string source;
  SourceLocation where; // in the environment file
  bool inferred() const { return source.starts_with("inferred"); }
};

struct KombitInterface {
  SourcedValue url;
  SourcedValue entity_id;                      // empty value: the service takes no STS token
  std::map<std::string, SourcedValue> options; // further probe inputs (postforespoerg_url …)
  SourceLocation where;
};

struct KombitEnvironment {
  std::string id;      // the file's stem and its `id`: eksterntest, produktion
  std::string name;    // shown in the outputs: "KOMBIT eksterntest"
  std::string version; // the data's date, yyyy-mm-dd
  SourcedValue sts_url, sts_rest_url, token_exchange_url, sts_issuer;
  std::map<std::string, KombitInterface> interfaces; // by catalog interface id
  std::string file;
};

// <catalog dir>/environments: installed beside the catalog (share/klarmeld/criteria/environments).
std::string environments_dir(const std::string& catalog_dir);

// The ids of the environment files present (sorted), for messages and `klarmeld environment show`.
std::vector<std::string> kombit_environment_ids(const std::string& catalog_dir);

// Loads <catalog dir>/environments/<id>.yaml strictly (unknown keys, missing values or sources are
// input errors with file:line:col). An id without a file is input error criteria.unknown-environment
// naming the ids there are.
Result<KombitEnvironment> load_kombit_environment(const std::string& catalog_dir, const std::string& id);

// `klarmeld environment show --json`: {"id", "name", "version", "file", "sts": {key: {"value", "source"}},
// "interfaces": {ID: {"url", "entity_id", "options": {key: {"value", "source"}}}}}; absent values left out.
void to_json(Json& json, const SourcedValue& value);
void to_json(Json& json, const KombitEnvironment& environment);

} // namespace klarmeld::criteria
