#include "profile/loader.hpp"

#include <algorithm>
#include <filesystem>

#include "criteria/model/catalog_location.hpp"
#include "criteria/model/ids.hpp"
#include "criteria/model/kombit_environment.hpp"
#include "criteria/model/yaml_input.hpp"
#include "profile/cvr.hpp"
#include "profile/dates.hpp"
#include "profile/environment_base.hpp"
#include "profile/municipalities.hpp"
#include "util/digest.hpp"

namespace klarmeld::profile {
namespace {

namespace fs = std::filesystem;
using yaml_input::Checker;
using yaml_input::Entry;
using yaml_input::KeyRule;
using yaml_input::MapView;

constexpr KeyRule top_keys[] = {{"vendor", true},         {"system", true},       {"pilot_municipality", true},
                                {"environment", true},    {"credentials", false}, {"declarations", false},
                                {"evidence", false},      {"sts", false},         {"endpoints", false},
                                {"municipalities", false}};
constexpr KeyRule vendor_keys[] = {{"name", true}, {"cvr", true}};
constexpr KeyRule system_keys[] = {{"name", true}, {"version", true}};
constexpr KeyRule municipality_keys[] = {{"name", true}, {"code", true}, {"cvr", false}};
constexpr KeyRule environment_keys[] = {{"name", true}, {"sts", false}, {"interfaces", false}};
constexpr KeyRule sts_keys[] = {{"url", true}, {"rest_url", false}, {"token_exchange_url", false}, {"issuer", false}};
// `url` is required unless `unavailable` says why the environment has none (read_endpoint).
constexpr KeyRule endpoint_keys[] = {{"url", false}, {"entity_id", false}, {"options", false}, {"unavailable", false}};
// The top-level overrides (docs/profile-format.md "Overrides"): every key optional, given keys replace.
constexpr KeyRule sts_override_keys[] = {
    {"url", false}, {"rest_url", false}, {"token_exchange_url", false}, {"issuer", false}};
constexpr KeyRule endpoint_override_keys[] = {
    {"url", false}, {"entity_id", false}, {"options", false}, {"unavailable", false}};
constexpr KeyRule credential_keys[] = {
    {"pkcs12", false},         {"password_env", false},     {"password_file", false},
    {"ca_bundle", false},      {"sts_certificate", false},  {"ssh_private_key", false},
    {"password", false, true}, {"passphrase", false, true}, {"idp", false}};
constexpr KeyRule idp_keys[] = {
    {"entity_id", false},    {"pkcs12", false},        {"certificate", false},    {"key", false},
    {"password_env", false}, {"password_file", false}, {"password", false, true}, {"passphrase", false, true}};
constexpr KeyRule evidence_keys[] = {{"criterion", true},    {"answer", true},  {"url", false},
                                     {"file", false},        {"sha256", false}, {"remark", false},
                                     {"confirmed_by", true}, {"date", true},    {"expires", false}};
constexpr std::string_view declaration_words[] = {"anvendes", "under_udvikling", "ikke_relevant", "ikke_angivet"};
constexpr std::string_view answers[] = {"ja", "nej"};

// Everything a section reader needs: the checker and the directory relative paths start from.
struct Reader {
  Checker& check;
  fs::path base;
  std::string criteria_dir; // where KOMBIT's environment files are (--criteria); empty: the default catalog

  std::string resolve(const std::string& value) const {
    fs::path path(value);
    return (path.is_absolute() || base.empty() ? path : base / path).lexically_normal().string();
  }
};

bool is_url(std::string_view value) {
  return value.starts_with("https://") || value.starts_with("http://");
}

// Interface endpoints may also be SFTP servers: the sftp probe (SF1590_A) takes only sftp:// URLs;
// and the Beskedfordeler's AMQPS listener (bfo.receive: amqps://host:5671).
bool is_endpoint_url(std::string_view value) {
  return is_url(value) || value.starts_with("sftp://") || value.starts_with("amqps://");
}

std::optional<std::string> url(Reader& in, const MapView& map, std::string_view key, bool endpoint = false) {
  auto value = in.check.text(map, key);
  if (value && !(endpoint ? is_endpoint_url(*value) : is_url(*value))) {
    std::string schemes = endpoint ? "an http://, https://, sftp:// or amqps://" : "an http:// or https://";
    in.check.report("bad-url", "'" + std::string(key) + "' must be " + schemes + " URL; got '" + *value + "'",
                    in.check.at(*map.find(key)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> cvr(Reader& in, const MapView& map) {
  auto value = in.check.text(map, "cvr");
  if (value && !is_valid_cvr(*value)) {
    in.check.report("bad-cvr", "'cvr' must be 8 digits passing the modulus-11 check; '" + *value + "' does not",
                    in.check.at(*map.find("cvr")));
    return std::nullopt;
  }
  return value;
}

const MapView* section(Reader& in, const MapView& top, std::string_view key, std::span<const KeyRule> rules,
                       std::optional<MapView>& storage) {
  const Entry* entry = top.find(key);
  if (!entry) {
    return nullptr;
  }
  storage = in.check.map(entry->value, entry->key_node.Mark(), "'" + std::string(key) + "'", rules);
  return storage ? &*storage : nullptr;
}

void read_vendor_and_system(Reader& in, const MapView& top, Profile& profile) {
  std::optional<MapView> storage;
  if (const MapView* vendor = section(in, top, "vendor", vendor_keys, storage)) {
    profile.vendor_name = in.check.text(*vendor, "name").value_or("");
    profile.vendor_cvr = cvr(in, *vendor).value_or("");
    if (const Entry* entry = vendor->find("cvr")) {
      profile.key_where["vendor.cvr"] = in.check.at(*entry);
    }
  }
  if (const MapView* system = section(in, top, "system", system_keys, storage)) {
    profile.system_name = in.check.text(*system, "name").value_or("");
    profile.system_version = in.check.text(*system, "version").value_or("");
  }
}

// One municipality map (pilot_municipality or an entry of municipalities): name and code must agree.
std::optional<MunicipalityEntry> read_one_municipality(Reader& in, const MapView* map) {
  MunicipalityEntry entry;
  entry.cvr = map->find("cvr") ? cvr(in, *map).value_or("") : "";
  auto code_text = in.check.text(*map, "code");
  auto name = in.check.text(*map, "name");
  const Municipality* by_code = nullptr;
  if (code_text) {
    bool digits = code_text->size() == 3 &&
                  std::all_of(code_text->begin(), code_text->end(), [](char c) { return c >= '0' && c <= '9'; });
    by_code = digits ? find_municipality(std::stoi(*code_text)) : nullptr;
    if (!by_code) {
      in.check.report("unknown-municipality",
                      "'code' must be the kommunekode of one of the 98 municipalities (e.g. 101 København, 751 "
                      "Aarhus); got '" +
                          *code_text + "'",
                      in.check.at(*map->find("code")));
    }
  }
  const Municipality* by_name = name ? find_municipality(*name) : nullptr;
  if (name && !by_name) {
    in.check.report("unknown-municipality", "'" + *name + "' is not one of the 98 Danish municipalities",
                    in.check.at(*map->find("name")));
  }
  if (by_code && by_name && by_code != by_name) {
    in.check.report("municipality-mismatch",
                    "kommunekode " + std::to_string(by_code->code) + " is " + std::string(by_code->name) + ", not " +
                        std::string(by_name->name) + " (" + std::string(by_name->name) + " is " +
                        std::to_string(by_name->code) + ")",
                    in.check.at(*map->find("code")));
    return std::nullopt;
  }
  if (by_code && by_name) {
    entry.name = std::string(by_code->name);
    entry.code = by_code->code;
    return entry;
  }
  return std::nullopt;
}

void read_municipality(Reader& in, const MapView& top, Profile& profile) {
  std::optional<MapView> storage;
  const MapView* map = section(in, top, "pilot_municipality", municipality_keys, storage);
  if (!map) {
    return;
  }
  if (auto entry = read_one_municipality(in, map)) {
    profile.municipality_name = entry->name;
    profile.municipality_code = entry->code;
    profile.municipality_cvr = entry->cvr;
  }
}

// `municipalities:` (issue #19): the rollout list, each entry shaped like pilot_municipality.
void read_municipalities(Reader& in, const MapView& top, Profile& profile) {
  const Entry* list = top.find("municipalities");
  if (!list || list->value.IsNull() || !in.check.sequence(*list)) {
    return;
  }
  for (const auto& item : list->value) {
    auto map = in.check.map(item, list->key_node.Mark(), "a municipalities entry", municipality_keys);
    if (!map) {
      continue;
    }
    auto entry = read_one_municipality(in, &*map);
    if (!entry) {
      continue;
    }
    bool twice = std::any_of(profile.municipalities.begin(), profile.municipalities.end(),
                             [&](const MunicipalityEntry& other) { return other.code == entry->code; });
    if (twice) {
      in.check.report("duplicate-municipality", entry->name + " is listed twice in 'municipalities'",
                      in.check.at(map->mark));
      continue;
    }
    profile.municipalities.push_back(std::move(*entry));
  }
}

// Interface ids as map keys (environment.interfaces, declarations): the shape is checked here; whether the
// catalog has them is check_profile_against_catalog's job.
bool interface_key(Reader& in, const Entry& entry, std::string_view section_name) {
  if (!criteria::is_interface_id(entry.key)) {
    in.check.report("bad-id",
                    "'" + entry.key + "' in " + std::string(section_name) +
                        " is not an interface id ((SF|CE)<4 digits>[_<letter>], e.g. SF1500)",
                    in.check.at(entry.key_node.Mark()));
    return false;
  }
  return true;
}

// The options that select a mode, parsed here once so a bad word is reported with its place and the
// probes compare enums. An empty value counts as not given.
void read_modes(Reader& in, const MapView& options, InterfaceEndpoint& endpoint) {
  auto binding = endpoint.options.find("slo_binding");
  if (binding == endpoint.options.end() || binding->second.empty()) {
    return;
  }
  endpoint.slo_binding = parse_spelling(slo_binding_spellings, binding->second);
  if (!endpoint.slo_binding) {
    in.check.report("bad-value",
                    "'slo_binding' must be one of " + yaml_input::join(spellings(slo_binding_spellings)) + "; got '" +
                        binding->second + "'",
                    in.check.at(*options.find("slo_binding")));
  }
}

// An endpoint's `options`, merged option by option into what it has (an override keeps the others).
void read_options(Reader& in, const MapView& map, InterfaceEndpoint& endpoint) {
  const Entry* options = map.find("options");
  if (options == nullptr) {
    return;
  }
  if (auto option_map = in.check.open_map(options->value, options->key_node.Mark(), "'options'")) {
    for (const auto& option : option_map->entries) {
      if (auto value = in.check.scalar_value(option)) {
        endpoint.options[option.key] = *value;
      }
    }
    if (option_map->find("slo_binding") != nullptr) {
      read_modes(in, *option_map, endpoint);
    }
  }
}

// A map keyed by interface id (environment.interfaces, endpoints, declarations); nullopt when absent or empty.
std::optional<MapView> id_map(Reader& in, const MapView& parent, std::string_view key) {
  const Entry* entry = parent.find(key);
  if (!entry || entry->value.IsNull()) {
    return std::nullopt;
  }
  return in.check.open_map(entry->value, entry->key_node.Mark(), "'" + std::string(key) + "'");
}

void read_endpoint(Reader& in, const Entry& entry, Environment& environment) {
  auto map = in.check.map(entry.value, entry.key_node.Mark(), "interface " + entry.key, endpoint_keys);
  if (!map) {
    return;
  }
  InterfaceEndpoint endpoint;
  endpoint.where = in.check.at(entry.key_node.Mark());
  if (map->find("url") == nullptr && map->find("unavailable") == nullptr) {
    in.check.report("missing-key",
                    "missing required key 'url' in interface " + entry.key +
                        " (or 'unavailable' with the reason the environment has no endpoint for it)",
                    in.check.at(entry.key_node.Mark()));
  }
  endpoint.url = url(in, *map, "url", true).value_or("");
  endpoint.entity_id = in.check.text(*map, "entity_id").value_or("");
  endpoint.unavailable = in.check.text(*map, "unavailable").value_or("");
  read_options(in, *map, endpoint);
  environment.interfaces[entry.key] = std::move(endpoint);
}

// `environment: eksterntest`: KOMBIT's values from criteria/environments/<id>.yaml.
void read_kombit_environment(Reader& in, const Entry& entry, Profile& profile) {
  auto id = in.check.scalar_value(entry);
  if (!id) {
    return;
  }
  profile.key_where["environment"] = in.check.at(entry);
  std::string criteria_dir = in.criteria_dir;
  if (criteria_dir.empty()) {
    auto resolved = criteria::resolve_catalog_dir("");
    if (!resolved) {
      in.check.report("unknown-environment", "'" + *id + "': " + resolved.error().message, in.check.at(entry));
      return;
    }
    criteria_dir = *resolved;
  }
  auto kombit = criteria::load_kombit_environment(criteria_dir, *id);
  if (!kombit) {
    Error error = kombit.take_error();
    if (error.code == "criteria.unknown-environment") {
      in.check.report("unknown-environment", error.message, in.check.at(entry));
    } else {
      in.check.report("bad-environment-file", error.render(), in.check.at(entry));
    }
    return;
  }
  profile.environment = environment_from(*kombit);
}

void read_environment(Reader& in, const MapView& top, Profile& profile) {
  if (const Entry* entry = top.find("environment"); entry != nullptr && entry->value.IsScalar()) {
    read_kombit_environment(in, *entry, profile);
    return;
  }
  std::optional<MapView> storage;
  const MapView* map = section(in, top, "environment", environment_keys, storage);
  if (!map) {
    return;
  }
  Environment& environment = profile.environment;
  environment.name = in.check.text(*map, "name").value_or("");
  std::optional<MapView> sts_storage;
  if (const MapView* sts = section(in, *map, "sts", sts_keys, sts_storage)) {
    environment.sts_url = url(in, *sts, "url").value_or("");
    environment.sts_rest_url = url(in, *sts, "rest_url").value_or("");
    environment.token_exchange_url = url(in, *sts, "token_exchange_url").value_or("");
    environment.sts_issuer = in.check.text(*sts, "issuer").value_or("");
  }
  if (auto list = id_map(in, *map, "interfaces")) {
    for (const auto& entry : list->entries) {
      if (interface_key(in, entry, "environment.interfaces")) {
        read_endpoint(in, entry, environment);
      }
    }
  }
}

// Top-level `sts` and `endpoints`: each given key replaces the environment's value; an interface the
// environment lacks is added (and then needs its url); options are merged option by option.
void read_overrides(Reader& in, const MapView& top, Profile& profile) {
  Environment& environment = profile.environment;
  std::optional<MapView> sts_storage;
  if (const MapView* sts = section(in, top, "sts", sts_override_keys, sts_storage)) {
    auto replace = [&](std::string_view key, std::string& target, bool is_url_value) {
      if (sts->find(key) != nullptr) {
        target = (is_url_value ? url(in, *sts, key) : in.check.text(*sts, key)).value_or("");
      }
    };
    replace("url", environment.sts_url, true);
    replace("rest_url", environment.sts_rest_url, true);
    replace("token_exchange_url", environment.token_exchange_url, true);
    replace("issuer", environment.sts_issuer, false);
  }
  auto list = id_map(in, top, "endpoints");
  if (!list) {
    return;
  }
  for (const auto& entry : list->entries) {
    if (!interface_key(in, entry, "endpoints")) {
      continue;
    }
    auto map = in.check.map(entry.value, entry.key_node.Mark(), "endpoint " + entry.key, endpoint_override_keys);
    if (!map) {
      continue;
    }
    const bool known = environment.interfaces.count(entry.key) != 0;
    if (!known && map->find("url") == nullptr && map->find("unavailable") == nullptr) {
      in.check.report("missing-key", "'" + entry.key + "' is not in the environment, so its entry needs a 'url'",
                      in.check.at(entry.key_node.Mark()));
      continue;
    }
    InterfaceEndpoint& endpoint = environment.interfaces[entry.key];
    endpoint.where = in.check.at(entry.key_node.Mark());
    if (map->find("url") != nullptr) {
      endpoint.url = url(in, *map, "url", true).value_or("");
    }
    if (map->find("entity_id") != nullptr) {
      endpoint.entity_id = in.check.text(*map, "entity_id").value_or("");
    }
    if (map->find("unavailable") != nullptr) {
      endpoint.unavailable = in.check.text(*map, "unavailable").value_or("");
    }
    read_options(in, *map, endpoint);
  }
}

bool is_environment_name(std::string_view name) {
  auto word = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  return !name.empty() && word(name[0]) &&
         std::all_of(name.begin(), name.end(), [&](char c) { return word(c) || (c >= '0' && c <= '9'); });
}

// A path value, relative to the profile's folder; empty when not given.
std::string resolved_path(Reader& in, const MapView& map, std::string_view key) {
  auto value = in.check.text(map, key);
  return value ? in.resolve(*value) : std::string();
}

// Where each of `keys` was written, as profile.key_where[prefix + key], for the pre-flight's messages.
void note_where(Reader& in, const MapView& map, const std::string& prefix, std::initializer_list<std::string_view> keys,
                Profile& profile) {
  for (std::string_view key : keys) {
    if (const Entry* entry = map.find(key)) {
      profile.key_where[prefix + std::string(key)] = in.check.at(*entry);
    }
  }
}

void refuse_passwords(Reader& in, const MapView& map) {
  for (std::string_view secret : {"password", "passphrase"}) {
    if (const Entry* entry = map.find(secret)) {
      in.check.report("password-in-profile",
                      "'" + entry->key +
                          "' is not allowed: never write a password in the profile; give "
                          "password_env (the NAME of an environment variable) or password_file (a path)",
                      in.check.at(entry->key_node.Mark()));
    }
  }
}

// password_env, checked to be a variable's NAME, and not given together with password_file.
std::string password_env(Reader& in, const MapView& map) {
  std::string name;
  if (auto text = in.check.text(map, "password_env")) {
    if (!is_environment_name(*text)) {
      in.check.report("bad-value",
                      "'password_env' is the NAME of an environment variable (letters, digits, _), e.g. "
                      "KLARMELD_P12_PASSWORD; got '" +
                          *text + "'",
                      in.check.at(*map.find("password_env")));
    } else {
      name = *text;
    }
  }
  if (map.find("password_env") && map.find("password_file")) {
    in.check.report("bad-value", "give either 'password_env' or 'password_file', not both",
                    in.check.at(map.find("password_file")->key_node.Mark()));
  }
  return name;
}

// credentials.idp: the key and certificate klarmeld signs with as the Context Handler, either one
// PKCS#12 or a PEM certificate with its PEM key, and the entityID (issue #16). The password rules are
// the system certificate's; a PEM key may be unencrypted, so it needs no password.
void read_idp(Reader& in, const MapView& credentials, Profile& profile) {
  std::optional<MapView> storage;
  const MapView* map = section(in, credentials, "idp", idp_keys, storage);
  if (!map) {
    return;
  }
  refuse_passwords(in, *map);
  note_where(in, *map, "credentials.idp.",
             {"entity_id", "pkcs12", "certificate", "key", "password_env", "password_file"}, profile);
  IdpIdentity& idp = profile.credentials.idp;
  idp.entity_id = in.check.text(*map, "entity_id").value_or("");
  idp.pkcs12 = resolved_path(in, *map, "pkcs12");
  idp.certificate = resolved_path(in, *map, "certificate");
  idp.key = resolved_path(in, *map, "key");
  idp.password_file = resolved_path(in, *map, "password_file");
  idp.password_env = password_env(in, *map);
  const Entry* pkcs12 = map->find("pkcs12");
  const Entry* certificate = map->find("certificate");
  const Entry* key = map->find("key");
  if (pkcs12 && (certificate || key)) {
    in.check.report("bad-value", "give either 'pkcs12' or 'certificate' with 'key', not both",
                    in.check.at((certificate ? certificate : key)->key_node.Mark()));
  } else if (certificate && !key) {
    in.check.report("missing-key", "'certificate' needs 'key', the path to its private key (PEM)",
                    in.check.at(certificate->key_node.Mark()));
  } else if (key && !certificate) {
    in.check.report("missing-key", "'key' needs 'certificate', the path to its certificate (PEM)",
                    in.check.at(key->key_node.Mark()));
  } else if (pkcs12 && !map->find("password_env") && !map->find("password_file")) {
    in.check.report("missing-key", "'pkcs12' needs 'password_env' or 'password_file' to say where its password is",
                    in.check.at(pkcs12->key_node.Mark()));
  }
}

// Passwords never appear in the profile (it is shared, committed, attached to tickets): only where to find them.
void read_credentials(Reader& in, const MapView& top, Profile& profile) {
  std::optional<MapView> storage;
  const MapView* map = section(in, top, "credentials", credential_keys, storage);
  if (!map) {
    return;
  }
  refuse_passwords(in, *map);
  Credentials& credentials = profile.credentials;
  auto path = [&](std::string_view key) { return resolved_path(in, *map, key); };
  note_where(in, *map, "credentials.",
             {"pkcs12", "password_env", "password_file", "ca_bundle", "sts_certificate", "ssh_private_key"}, profile);
  credentials.pkcs12 = path("pkcs12");
  credentials.password_file = path("password_file");
  credentials.ca_bundle = path("ca_bundle");
  credentials.sts_certificate = path("sts_certificate");
  credentials.ssh_private_key = path("ssh_private_key");
  credentials.password_env = password_env(in, *map);
  if (map->find("pkcs12") && !map->find("password_env") && !map->find("password_file")) {
    in.check.report("missing-key", "'pkcs12' needs 'password_env' or 'password_file' to say where its password is",
                    in.check.at(map->find("pkcs12")->key_node.Mark()));
  }
  read_idp(in, *map, profile);
}

void read_declarations(Reader& in, const MapView& top, Profile& profile) {
  auto map = id_map(in, top, "declarations");
  if (!map) {
    return;
  }
  for (const auto& entry : map->entries) {
    if (!interface_key(in, entry, "declarations")) {
      continue;
    }
    auto word = in.check.scalar_value(entry);
    if (!word) {
      continue;
    }
    auto known = std::find(std::begin(declaration_words), std::end(declaration_words), *word);
    if (known == std::end(declaration_words)) {
      in.check.report("bad-value",
                      "declaration for " + entry.key + " must be one of " + yaml_input::join(declaration_words) +
                          "; got '" + *word + "'",
                      in.check.at(entry));
      continue;
    }
    profile.declarations[entry.key] = static_cast<SelfDeclaration>(known - std::begin(declaration_words));
    profile.declaration_where[entry.key] = in.check.at(entry.key_node.Mark());
  }
}

std::optional<Date> date(Reader& in, const MapView& map, std::string_view key) {
  auto value = in.check.text(map, key);
  if (!value) {
    return std::nullopt;
  }
  auto parsed = parse_date(*value);
  if (!parsed) {
    in.check.report("bad-date", "'" + std::string(key) + "' must be a date yyyy-mm-dd; got '" + *value + "'",
                    in.check.at(*map.find(key)));
  }
  return parsed;
}

bool is_sha256_hex(std::string_view value) {
  return value.size() == 64 && std::all_of(value.begin(), value.end(),
                                           [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A file reference is only evidence if it is the file that was looked at: its digest is checked now.
void read_evidence_reference(Reader& in, const MapView& map, Evidence& evidence) {
  const Entry* url_entry = map.find("url");
  const Entry* file_entry = map.find("file");
  const Entry* sha_entry = map.find("sha256");
  if (url_entry && file_entry) {
    in.check.report("bad-value", "give either 'url' or 'file' as the evidence reference, not both",
                    in.check.at(file_entry->key_node.Mark()));
    return;
  }
  if (!url_entry && !file_entry) {
    in.check.report("missing-key", "evidence for " + evidence.criterion_id + " needs 'url' or 'file' (with 'sha256')",
                    in.check.at(map.mark));
    return;
  }
  if (url_entry) {
    evidence.url = url(in, map, "url").value_or("");
    if (sha_entry) {
      in.check.report("bad-value", "'sha256' belongs to 'file' evidence, not 'url'",
                      in.check.at(sha_entry->key_node.Mark()));
    }
    return;
  }
  auto file = in.check.text(map, "file");
  if (!sha_entry) {
    in.check.report("missing-key", "'file' evidence needs 'sha256' (the file's SHA-256, 64 hex digits)",
                    in.check.at(file_entry->key_node.Mark()));
    return;
  }
  auto given = in.check.text(map, "sha256");
  if (!file || !given) {
    return;
  }
  std::string expected = *given;
  std::transform(expected.begin(), expected.end(), expected.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!is_sha256_hex(expected)) {
    in.check.report("bad-value", "'sha256' must be 64 hex digits; got '" + *given + "'", in.check.at(*sha_entry));
    return;
  }
  evidence.file = in.resolve(*file);
  auto actual = sha256_file_hex(evidence.file);
  std::error_code ec;
  if (!fs::is_regular_file(evidence.file, ec) || !actual) {
    in.check.report("missing-file", "evidence file '" + evidence.file + "' cannot be read", in.check.at(*file_entry));
    return;
  }
  if (*actual != expected) {
    in.check.report("sha256-mismatch", "SHA-256 of '" + evidence.file + "' is " + *actual + ", not the one given here",
                    in.check.at(*sha_entry));
    return;
  }
  evidence.sha256 = expected;
}

void read_one_evidence(Reader& in, const YAML::Node& node, const Entry& list, Profile& profile) {
  auto map = in.check.map(node, list.key_node.Mark(), "an evidence entry", evidence_keys);
  if (!map) {
    return;
  }
  Evidence evidence;
  evidence.where = in.check.at(map->mark);
  if (auto id = in.check.text(*map, "criterion")) {
    evidence.where = in.check.at(*map->find("criterion"));
    auto interface = criteria::interface_of(*id);
    if (!criteria::is_interface_id(interface) || !criteria::criterion_number(*id, interface)) {
      in.check.report("bad-id", "'criterion' must be a criterion id like SF1500.4; got '" + *id + "'", evidence.where);
    } else if (const Evidence* first = profile.evidence_for(*id)) {
      in.check.report("duplicate-id",
                      "evidence for " + *id + " is given twice (first at line " + std::to_string(first->where.line) +
                          ")",
                      evidence.where);
    }
    evidence.criterion_id = *id;
  }
  if (auto answer = in.check.word(*map, "answer", answers)) {
    evidence.answer = *answer == "ja" ? EvidenceAnswer::Ja : EvidenceAnswer::Nej;
  }
  read_evidence_reference(in, *map, evidence);
  evidence.remark = in.check.text(*map, "remark").value_or("");
  evidence.confirmed_by = in.check.text(*map, "confirmed_by").value_or("");
  auto given = date(in, *map, "date");
  evidence.date = given.value_or(Date{});
  evidence.expires = date(in, *map, "expires");
  if (given && evidence.expires && *evidence.expires < *given) {
    in.check.report("bad-date", "'expires' (" + evidence.expires->iso() + ") is before 'date' (" + given->iso() + ")",
                    in.check.at(*map->find("expires")));
  }
  profile.evidence.push_back(std::move(evidence));
}

void read_evidence(Reader& in, const MapView& top, Profile& profile) {
  const Entry* list = top.find("evidence");
  if (!list || list->value.IsNull() || !in.check.sequence(*list)) {
    return;
  }
  for (const auto& item : list->value) {
    read_one_evidence(in, item, *list, profile);
  }
}

Error not_in_catalog(std::string message, const SourceLocation& where) {
  return input_error("profile.not-in-catalog", std::move(message), where);
}

struct Loaded {
  Profile profile;
  std::vector<Error> findings;
};

Loaded read_profile(const std::string& path, const std::string& criteria_dir) {
  Loaded loaded;
  auto document = yaml_input::parse_file(path, "profile");
  if (!document) {
    loaded.findings.push_back(document.take_error());
    return loaded;
  }
  Checker check(path, "profile");
  Reader in{check, fs::path(path).parent_path(), criteria_dir};
  Profile& profile = loaded.profile;
  profile.file = path;
  if (auto top = check.map(document->root, YAML::Mark(), "the profile", top_keys)) {
    read_vendor_and_system(in, *top, profile);
    read_municipality(in, *top, profile);
    read_municipalities(in, *top, profile);
    read_environment(in, *top, profile);
    read_overrides(in, *top, profile);
    read_credentials(in, *top, profile);
    read_declarations(in, *top, profile);
    read_evidence(in, *top, profile);
  }
  loaded.findings = check.take();
  return loaded;
}

} // namespace

Result<Profile> load_profile(const std::string& path, const std::string& criteria_dir) {
  Loaded loaded = read_profile(path, criteria_dir);
  if (!loaded.findings.empty()) {
    return std::move(loaded.findings.front());
  }
  TRY_ASSIGN(loaded.profile.sha256, sha256_file_hex(path));
  return std::move(loaded.profile);
}

std::vector<Error> lint_profile(const std::string& path, const std::string& criteria_dir) {
  return read_profile(path, criteria_dir).findings;
}

Status check_profile_against_catalog(const Profile& profile, const criteria::Catalog& catalog) {
  for (const auto& [id, where] : profile.declaration_where) {
    if (!catalog.find(id)) {
      return not_in_catalog("interface '" + id + "' in declarations is not in the criteria catalog", where);
    }
  }
  for (const auto& [id, endpoint] : profile.environment.interfaces) {
    // Only what the profile wrote: a KOMBIT environment file may name services a smaller catalog lacks.
    if (endpoint.where.file == profile.file && !catalog.find(id)) {
      return not_in_catalog("interface '" + id +
                                "' in environment.interfaces or endpoints is not in the criteria catalog",
                            endpoint.where);
    }
  }
  for (const auto& evidence : profile.evidence) {
    if (!catalog.find_criterion(evidence.criterion_id)) {
      return not_in_catalog("criterion '" + evidence.criterion_id + "' in evidence is not in the criteria catalog",
                            evidence.where);
    }
  }
  return Ok{};
}

} // namespace klarmeld::profile
