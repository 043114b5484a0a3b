#include "criteria/model/loader.hpp"

#include <algorithm>
#include <filesystem>

#include "criteria/model/canonical.hpp"
#include "criteria/model/ids.hpp"
#include "criteria/model/probe_types.hpp"
#include "criteria/model/yaml_input.hpp"

namespace klarmeld::criteria {
namespace {

namespace fs = std::filesystem;
using yaml_input::Checker;
using yaml_input::Entry;
using yaml_input::KeyRule;
using yaml_input::MapView;

constexpr KeyRule catalog_keys[] = {{"identity", true}, {"version", true}, {"order", true}, {"successors", false}};
constexpr KeyRule successor_keys[] = {{"id", true},   {"name", true},  {"name_en", false},
                                      {"spec", true}, {"basis", true}, {"replaces", true}};
constexpr KeyRule interface_keys[] = {{"id", true},        {"name", true},        {"name_en", false},
                                      {"transport", true}, {"direction", true},   {"spec", true},
                                      {"purpose", true},   {"purpose_en", false}, {"criteria", true}};
constexpr KeyRule criterion_keys[] = {{"id", true},        {"text", true},   {"text_en", false}, {"source", true},
                                      {"required", false}, {"probe", false}, {"manual", false}};
constexpr KeyRule manual_keys[] = {{"evidence", true}};
constexpr std::string_view transports[] = {"soap", "rest", "amqp", "sftp", "saml", "sts", "file", "manual"};
constexpr std::string_view directions[] = {"uses", "exposes"};
constexpr std::string_view sources[] = {"published", "drafted"};

std::string path_in(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).string();
}

// catalog.yaml `successors`: each names interfaces of `order` it replaces, and is none of them.
void read_successors(const MapView& root, const std::vector<std::string>& order, Catalog& catalog, Checker& check) {
  const Entry* list = root.find("successors");
  if (list == nullptr || !check.sequence(*list)) {
    return;
  }
  for (const auto& node : list->value) {
    auto map = check.map(node, list->key_node.Mark(), "a successor", successor_keys);
    if (!map) {
      continue;
    }
    Successor successor;
    successor.id = check.text(*map, "id").value_or("");
    successor.name_da = check.text(*map, "name").value_or("");
    successor.name_en = check.text(*map, "name_en").value_or("");
    successor.spec_reference = check.text(*map, "spec").value_or("");
    successor.basis = check.text(*map, "basis").value_or("");
    if (!is_interface_id(successor.id) || std::find(order.begin(), order.end(), successor.id) != order.end()) {
      check.report("bad-id", "successor id '" + successor.id + "' must be an interface id that is not in order",
                   check.at(map->mark));
      continue;
    }
    const Entry* replaces = map->find("replaces");
    if (replaces == nullptr || !check.sequence(*replaces)) {
      continue;
    }
    for (const auto& item : replaces->value) {
      Entry element{"replaces", replaces->key_node, item};
      auto id = check.scalar_value(element);
      if (id && std::find(order.begin(), order.end(), *id) == order.end()) {
        check.report("unknown-interface",
                     "successor " + successor.id + " replaces '" + *id + "', which is not in order",
                     check.at(item.Mark()));
      } else if (id) {
        successor.replaces.push_back(*id);
      }
    }
    catalog.successors.push_back(std::move(successor));
  }
}

struct CatalogHeader {
  std::vector<std::string> order;
  std::vector<YAML::Mark> order_marks;
};

// catalog.yaml: identity, version and the overview order.
CatalogHeader read_header(const yaml_input::Document& document, Catalog& catalog, Checker& check) {
  CatalogHeader header;
  auto map = check.map(document.root, YAML::Mark(), "catalog.yaml", catalog_keys);
  if (!map) {
    return header;
  }
  catalog.identity = check.text(*map, "identity").value_or("");
  catalog.version = check.text(*map, "version").value_or("");
  const Entry* order = map->find("order");
  if (!order || !check.sequence(*order)) {
    return header;
  }
  for (const auto& item : order->value) {
    Entry element{"order", order->key_node, item};
    auto id = check.scalar_value(element);
    if (!id) {
      continue;
    }
    if (!is_interface_id(*id)) {
      check.report("bad-id", "interface id '" + *id + "' does not match (SF|CE)<4 digits>[_<letter>], e.g. SF1460_A",
                   check.at(item.Mark()));
      continue;
    }
    auto seen = std::find(header.order.begin(), header.order.end(), *id);
    if (seen != header.order.end()) {
      auto first = header.order_marks[static_cast<size_t>(seen - header.order.begin())];
      check.report("duplicate-id",
                   "interface '" + *id + "' appears twice in order (first at line " + std::to_string(first.line + 1) +
                       ")",
                   check.at(item.Mark()));
      continue;
    }
    header.order.push_back(*id);
    header.order_marks.push_back(item.Mark());
  }
  read_successors(*map, header.order, catalog, check);
  return header;
}

void read_probe(const Entry& entry, const std::string& interface_id, const std::vector<std::string>& order,
                Criterion& criterion, Checker& check) {
  std::string what = "probe of " + criterion.id;
  auto map = check.open_map(entry.value, entry.key_node.Mark(), what);
  if (!map) {
    return;
  }
  ProbeSpec probe;
  probe.where = check.at(map->mark);
  const Entry* type_entry = map->find("type");
  if (!type_entry) {
    check.report("missing-key", "missing required key 'type' in " + what, check.at(map->mark));
    return;
  }
  auto type_name = check.scalar_value(*type_entry);
  if (!type_name) {
    return;
  }
  const ProbeType* type = find_probe_type(*type_name);
  if (!type) {
    auto known = probe_type_names();
    check.report("unknown-probe-type", "unknown probe type '" + *type_name + "'; known: " + yaml_input::join(known),
                 check.at(*type_entry));
    return;
  }
  probe.type = *type_name;
  for (const auto& param_entry : map->entries) {
    if (param_entry.key == "type") {
      continue;
    }
    const ProbeParam* param = type->find(param_entry.key);
    if (!param) {
      auto names = type->parameter_names();
      std::string allowed = names.empty() ? "none" : yaml_input::join(names);
      check.report("unknown-probe-parameter",
                   "unknown parameter '" + param_entry.key + "' for probe type '" + probe.type +
                       "'; allowed: " + allowed,
                   check.at(param_entry.key_node.Mark()));
      continue;
    }
    auto value = check.scalar_value(param_entry);
    if (!value) {
      continue;
    }
    std::string expected = check_probe_param(*param, *value, order);
    if (!expected.empty()) {
      check.report("bad-probe-parameter",
                   "parameter '" + param_entry.key + "' of probe type '" + probe.type + "' must be " + expected +
                       "; got '" + *value + "'",
                   check.at(param_entry));
      continue;
    }
    probe.params[param_entry.key] = *value;
  }
  for (const auto& param : type->required) {
    if (!map->find(param.name)) {
      check.report("missing-probe-parameter",
                   "probe type '" + probe.type + "' needs parameter '" + std::string(param.name) + "'",
                   check.at(map->mark));
    }
  }
  for (const auto& param : type->optional) {
    if (!probe.params.contains(std::string(param.name)) && !map->find(param.name)) {
      probe.params[std::string(param.name)] = default_for(param, interface_id);
    }
  }
  probe.modes = modes_of(probe); // the words are checked above: parsed here once, read as enums after
  criterion.probe = std::move(probe);
}

void read_decision(const MapView& map, const std::string& interface_id, const std::vector<std::string>& order,
                   Criterion& criterion, Checker& check) {
  const Entry* probe = map.find("probe");
  const Entry* manual = map.find("manual");
  if (probe && manual) {
    check.report("probe-and-manual", "criterion " + criterion.id + " has both 'probe' and 'manual'; give exactly one",
                 check.at(manual->key_node.Mark()));
    return;
  }
  if (!probe && !manual) {
    check.report("no-decision",
                 "criterion " + criterion.id +
                     " needs either 'probe' (automated) or 'manual' (evidence given in the profile)",
                 check.at(map.mark));
    return;
  }
  if (probe) {
    read_probe(*probe, interface_id, order, criterion, check);
    return;
  }
  auto manual_map = check.map(manual->value, manual->key_node.Mark(), "manual of " + criterion.id, manual_keys);
  if (manual_map) {
    criterion.manual_evidence = check.text(*manual_map, "evidence").value_or("");
  }
}

struct SeenCriterion {
  std::string id;
  int line = 0;
};

void read_criterion(const YAML::Node& node, const Entry& list, Interface& interface,
                    const std::vector<std::string>& order, std::vector<SeenCriterion>& seen, Checker& check) {
  auto map = check.map(node, list.key_node.Mark(), "a criterion of " + interface.id, criterion_keys);
  if (!map) {
    return;
  }
  Criterion criterion;
  criterion.where = check.at(map->mark);
  const Entry* id_entry = map->find("id");
  auto id = check.text(*map, "id");
  int expected_number = static_cast<int>(seen.size()) + 1;
  if (id) {
    auto duplicate = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.id == *id; });
    auto number = criterion_number(*id, interface.id);
    if (duplicate != seen.end()) {
      check.report("duplicate-id",
                   "duplicate criterion id '" + *id + "' (first at line " + std::to_string(duplicate->line) + ")",
                   check.at(*id_entry));
    } else if (!number) {
      check.report("bad-id", "criterion id must be '" + interface.id + ".<n>' (n = 1, 2, 3 …); got '" + *id + "'",
                   check.at(*id_entry));
    } else if (*number != expected_number) {
      check.report("bad-id",
                   "criterion ids are numbered 1, 2, 3 … in order: expected '" + interface.id + "." +
                       std::to_string(expected_number) + "', got '" + *id + "'",
                   check.at(*id_entry));
    }
    criterion.id = *id;
    seen.push_back({*id, check.at(*id_entry).line});
  } else {
    criterion.id = interface.id + "." + std::to_string(expected_number);
    seen.push_back({criterion.id, 0});
  }
  criterion.number = expected_number;
  criterion.text_da = check.text(*map, "text").value_or("");
  criterion.text_en = check.text(*map, "text_en").value_or("");
  if (auto source = check.word(*map, "source", sources)) {
    criterion.source = *source == "published" ? TextSource::Published : TextSource::Drafted;
  }
  criterion.required = check.flag(*map, "required").value_or(true);
  read_decision(*map, interface.id, order, criterion, check);
  interface.criteria.push_back(std::move(criterion));
}

Interface read_interface(const yaml_input::Document& document, const std::string& expected_id,
                         const std::vector<std::string>& order, Checker& check) {
  Interface interface;
  interface.id = expected_id;
  interface.file = document.path;
  auto map = check.map(document.root, YAML::Mark(), "interface file " + expected_id + ".yaml", interface_keys);
  if (!map) {
    return interface;
  }
  if (auto id = check.text(*map, "id")) {
    if (!is_interface_id(*id)) {
      check.report("bad-id", "interface id '" + *id + "' does not match (SF|CE)<4 digits>[_<letter>], e.g. SF1460_A",
                   check.at(*map->find("id")));
    } else if (*id != expected_id) {
      check.report("id-mismatch", "id '" + *id + "' must equal the file name '" + expected_id + "'",
                   check.at(*map->find("id")));
    }
  }
  interface.name_da = check.text(*map, "name").value_or("");
  interface.name_en = check.text(*map, "name_en").value_or("");
  interface.transport = check.word(*map, "transport", transports).value_or("");
  if (auto direction = check.word(*map, "direction", directions)) {
    interface.direction = *direction == "uses" ? Direction::Uses : Direction::Exposes;
  }
  interface.spec_reference = check.text(*map, "spec").value_or("");
  interface.purpose_da = check.text(*map, "purpose").value_or("");
  interface.purpose_en = check.text(*map, "purpose_en").value_or("");
  const Entry* criteria = map->find("criteria");
  if (!criteria || !check.sequence(*criteria)) {
    return interface;
  }
  if (criteria->value.size() == 0) {
    check.report("empty-value", "'criteria' must list at least one criterion", check.at(*criteria));
  }
  std::vector<SeenCriterion> seen;
  for (const auto& item : criteria->value) {
    read_criterion(item, *criteria, interface, order, seen, check);
  }
  return interface;
}

// Interface files present in the directory but not in `order` are errors: a file that is silently
// ignored is a criterion nobody is assessed against.
void check_stray_files(const std::string& dir, const std::vector<std::string>& order, std::vector<Error>& findings) {
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    std::string extension = entry.path().extension().string();
    if ((extension == ".yaml" || extension == ".yml") && name != "catalog.yaml") {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    std::string stem = fs::path(name).stem().string();
    std::string path = path_in(dir, name);
    if (fs::path(name).extension() == ".yml") {
      findings.push_back(
          input_error("criteria.bad-file-name", "catalog files end in .yaml, not .yml", SourceLocation{path, 0, 0}));
    } else if (std::find(order.begin(), order.end(), stem) == order.end()) {
      findings.push_back(input_error("criteria.not-in-order",
                                     "interface file " + name + " is not listed in catalog.yaml's order",
                                     SourceLocation{path, 0, 0}));
    }
  }
}

struct Loaded {
  Catalog catalog;
  std::vector<Error> findings;
};

void append(std::vector<Error>& to, std::vector<Error> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

Loaded read_catalog(const std::string& dir) {
  Loaded loaded;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    loaded.findings.push_back(
        input_error("criteria.missing-dir", "criteria catalog directory not found", SourceLocation{dir, 0, 0}));
    return loaded;
  }
  loaded.catalog.directory = dir;
  auto header_document = yaml_input::parse_file(path_in(dir, "catalog.yaml"), "criteria");
  if (!header_document) {
    loaded.findings.push_back(header_document.error());
    return loaded;
  }
  Checker header_check(header_document->path, "criteria");
  CatalogHeader header = read_header(*header_document, loaded.catalog, header_check);
  append(loaded.findings, header_check.take());
  loaded.catalog.order = header.order;
  if (!header.order.empty()) { // without a usable order every file would be "stray": say nothing more
    check_stray_files(dir, header.order, loaded.findings);
  }
  for (size_t i = 0; i < header.order.size(); ++i) {
    const std::string& id = header.order[i];
    std::string path = path_in(dir, id + ".yaml");
    if (!fs::exists(path, ec)) {
      loaded.findings.push_back(input_error("criteria.missing-file",
                                            "interface '" + id + "' is in order but " + id + ".yaml does not exist",
                                            yaml_input::location(header_document->path, header.order_marks[i])));
      continue;
    }
    auto document = yaml_input::parse_file(path, "criteria");
    if (!document) {
      loaded.findings.push_back(document.error());
      continue;
    }
    Checker check(path, "criteria");
    loaded.catalog.interfaces.push_back(read_interface(*document, id, header.order, check));
    append(loaded.findings, check.take());
  }
  return loaded;
}

} // namespace

Result<Catalog> load_catalog(const std::string& dir) {
  Loaded loaded = read_catalog(dir);
  if (!loaded.findings.empty()) {
    return std::move(loaded.findings.front());
  }
  loaded.catalog.sha256 = catalog_sha256(loaded.catalog);
  return std::move(loaded.catalog);
}

std::vector<Error> lint_catalog(const std::string& dir) {
  return read_catalog(dir).findings;
}

} // namespace klarmeld::criteria
