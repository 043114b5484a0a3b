#include "criteria/model/kombit_environment.hpp"

#include <algorithm>
#include <filesystem>

#include "criteria/model/ids.hpp"
#include "criteria/model/yaml_input.hpp"

namespace klarmeld::criteria {
namespace {

namespace fs = std::filesystem;
using yaml_input::Checker;
using yaml_input::Entry;
using yaml_input::KeyRule;
using yaml_input::MapView;

constexpr KeyRule top_keys[] = {{"id", true}, {"name", true}, {"version", true}, {"sts", true}, {"interfaces", true}};
constexpr KeyRule sts_keys[] = {{"url", true}, {"rest_url", false}, {"token_exchange_url", false}, {"issuer", true}};
constexpr KeyRule environment_interface_keys[] = {{"url", true}, {"entity_id", false}, {"options", false}};
constexpr KeyRule value_keys[] = {{"value", true}, {"source", true}};

// A source is either a public file ("owner/repository: path", optionally "@commit") or says it is inferred;
// anything else would be a value nobody can check.
bool is_source(const std::string& source) {
  if (source.starts_with("inferred: ")) {
    return true;
  }
  const size_t colon = source.find(": ");
  const size_t slash = source.find('/');
  return colon != std::string::npos && slash != std::string::npos && slash < colon && colon + 2 < source.size();
}

SourcedValue sourced(Checker& check, const Entry& entry) {
  SourcedValue result;
  result.where = check.at(entry.key_node.Mark());
  auto map = check.map(entry.value, entry.key_node.Mark(), "'" + entry.key + "'", value_keys);
  if (!map) {
    return result;
  }
  result.value = check.text(*map, "value").value_or("");
  result.source = check.text(*map, "source").value_or("");
  if (!result.source.empty() && !is_source(result.source)) {
    check.report("bad-source",
                 "'source' must name a public file as \"owner/repository: path\" or start with \"inferred: \"; got '" +
                     result.source + "'",
                 check.at(*map->find("source")));
  }
  return result;
}

SourcedValue sourced_at(Checker& check, const MapView& map, std::string_view key) {
  const Entry* entry = map.find(key);
  return entry == nullptr ? SourcedValue{} : sourced(check, *entry);
}

KombitInterface read_interface(Checker& check, const Entry& entry) {
  KombitInterface result;
  result.where = check.at(entry.key_node.Mark());
  auto map = check.map(entry.value, entry.key_node.Mark(), "interface " + entry.key, environment_interface_keys);
  if (!map) {
    return result;
  }
  result.url = sourced_at(check, *map, "url");
  result.entity_id = sourced_at(check, *map, "entity_id");
  if (const Entry* options = map->find("options")) {
    if (auto option_map = check.open_map(options->value, options->key_node.Mark(), "'options'")) {
      for (const auto& option : option_map->entries) {
        result.options[option.key] = sourced(check, option);
      }
    }
  }
  return result;
}

void read_environment(Checker& check, const YAML::Node& root, const std::string& id, KombitEnvironment& environment) {
  auto top = check.map(root, YAML::Mark(), "the environment file", top_keys);
  if (!top) {
    return;
  }
  environment.id = check.text(*top, "id").value_or("");
  if (!environment.id.empty() && environment.id != id) {
    check.report("id-mismatch", "'id' is '" + environment.id + "' but the file is " + id + ".yaml",
                 check.at(*top->find("id")));
  }
  environment.name = check.text(*top, "name").value_or("");
  environment.version = check.text(*top, "version").value_or("");
  if (const Entry* sts = top->find("sts")) {
    if (auto map = check.map(sts->value, sts->key_node.Mark(), "'sts'", sts_keys)) {
      environment.sts_url = sourced_at(check, *map, "url");
      environment.sts_rest_url = sourced_at(check, *map, "rest_url");
      environment.token_exchange_url = sourced_at(check, *map, "token_exchange_url");
      environment.sts_issuer = sourced_at(check, *map, "issuer");
    }
  }
  if (const Entry* interfaces = top->find("interfaces")) {
    if (auto list = check.open_map(interfaces->value, interfaces->key_node.Mark(), "'interfaces'")) {
      for (const auto& entry : list->entries) {
        if (!is_interface_id(entry.key)) {
          check.report("bad-id", "'" + entry.key + "' is not an interface id ((SF|CE)<4 digits>[_<letter>])",
                       check.at(entry.key_node.Mark()));
          continue;
        }
        environment.interfaces[entry.key] = read_interface(check, entry);
      }
    }
  }
}

} // namespace

std::string environments_dir(const std::string& catalog_dir) {
  return (fs::path(catalog_dir) / "environments").lexically_normal().string();
}

std::vector<std::string> kombit_environment_ids(const std::string& catalog_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(environments_dir(catalog_dir), ec)) {
    if (entry.path().extension() == ".yaml") {
      ids.push_back(entry.path().stem().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<KombitEnvironment> load_kombit_environment(const std::string& catalog_dir, const std::string& id) {
  const auto ids = kombit_environment_ids(catalog_dir);
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    std::string known;
    for (const auto& each : ids) {
      known += (known.empty() ? "" : ", ") + each;
    }
    return input_error("criteria.unknown-environment",
                       "'" + id + "' is not a KOMBIT environment of this catalog (" +
                           (known.empty() ? "none in " + environments_dir(catalog_dir) : "known: " + known) + ")");
  }
  const std::string path = (fs::path(environments_dir(catalog_dir)) / (id + ".yaml")).string();
  TRY_ASSIGN(auto document, yaml_input::parse_file(path, "criteria"));
  Checker check(path, "criteria");
  KombitEnvironment environment;
  environment.file = path;
  read_environment(check, document.root, id, environment);
  if (!check.clean()) {
    return check.take().front();
  }
  return environment;
}

void to_json(Json& json, const SourcedValue& value) {
  json = Json{{"value", value.value}, {"source", value.source}};
}

void to_json(Json& json, const KombitEnvironment& environment) {
  Json sts = Json::object();
  auto put = [](Json& into, const char* key, const SourcedValue& value) {
    if (!value.value.empty()) {
      into[key] = value;
    }
  };
  put(sts, "url", environment.sts_url);
  put(sts, "rest_url", environment.sts_rest_url);
  put(sts, "token_exchange_url", environment.token_exchange_url);
  put(sts, "issuer", environment.sts_issuer);
  Json interfaces = Json::object();
  for (const auto& [id, service] : environment.interfaces) {
    Json entry = Json::object();
    put(entry, "url", service.url);
    put(entry, "entity_id", service.entity_id);
    if (!service.options.empty()) {
      entry["options"] = service.options;
    }
    interfaces[id] = std::move(entry);
  }
  json = Json{{"id", environment.id},     {"name", environment.name}, {"version", environment.version},
              {"file", environment.file}, {"sts", std::move(sts)},    {"interfaces", std::move(interfaces)}};
}

} // namespace klarmeld::criteria
