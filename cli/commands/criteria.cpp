// `klarmeld criteria list | show ID | lint [DIR]`: look at and check the criteria catalog.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/command_failure.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"

namespace klarmeld::cli {
namespace {

using criteria::Catalog;
using criteria::Interface;

// Terminal columns of UTF-8 text: one per code point (the catalog's Danish letters are all single-width).
size_t display_width(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(std::string_view text, size_t width) {
  size_t shown = display_width(text);
  return std::string(text) + std::string(width > shown ? width - shown : 0, ' ');
}

// Greedy word wrap at `width` columns, every line indented.
std::string wrapped(std::string_view text, size_t width, std::string_view indent) {
  std::istringstream words{std::string(text)};
  std::string out;
  std::string line;
  std::string word;
  while (words >> word) {
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += std::string(indent) + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) {
    out += std::string(indent) + line + "\n";
  }
  return out;
}

size_t automated_count(const Interface& interface) {
  return static_cast<size_t>(std::count_if(interface.criteria.begin(), interface.criteria.end(),
                                           [](const auto& criterion) { return !criterion.is_manual(); }));
}

Result<Catalog> load(const std::string& option) {
  TRY_ASSIGN(std::string dir, criteria::resolve_catalog_dir(option));
  return criteria::load_catalog(dir);
}

void print_identity(const Catalog& catalog) {
  std::cout << "Catalog:   " << catalog.identity << "\nVersion:   " << catalog.version
            << "\nSHA-256:   " << catalog.sha256 << "\nDirectory: " << catalog.directory << "\n\n";
}

int list(const std::string& dir) {
  auto catalog = load(dir);
  if (!catalog) {
    return report_failure(catalog.error());
  }
  print_identity(*catalog);
  size_t name_width = display_width("Name");
  for (const auto& interface : catalog->interfaces) {
    name_width = std::max(name_width, display_width(interface.name_da));
  }
  std::cout << padded("ID", 10) << padded("Name", name_width + 2) << "Criteria  Automated  Direction\n";
  size_t total = 0;
  size_t automated = 0;
  for (const auto& interface : catalog->interfaces) {
    std::cout << padded(interface.id, 10) << padded(interface.name_da, name_width + 2)
              << padded(std::to_string(interface.criteria.size()), 10)
              << padded(std::to_string(automated_count(interface)), 11) << criteria::to_string(interface.direction)
              << '\n';
    total += interface.criteria.size();
    automated += automated_count(interface);
  }
  std::cout << '\n'
            << catalog->interfaces.size() << " interfaces, " << total << " criteria (" << automated << " automated)\n";
  return exit_ready;
}

std::string describe_decision(const criteria::Criterion& criterion) {
  if (criterion.is_manual()) {
    return "manual evidence";
  }
  std::string text = "probe " + criterion.probe->type;
  std::string params;
  for (const auto& [name, value] : criterion.probe->params) {
    params += (params.empty() ? "" : ", ") + name + "=" + value;
  }
  return params.empty() ? text : text + " (" + params + ")";
}

const std::string& pick(const std::string& danish, const std::string& english, bool in_english) {
  return in_english && !english.empty() ? english : danish;
}

int show(const std::string& dir, const std::string& id, const std::string& lang) {
  auto catalog = load(dir);
  if (!catalog) {
    return report_failure(catalog.error());
  }
  std::string wanted = id;
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const Interface* interface = catalog->find(wanted);
  if (!interface) {
    std::string known;
    for (const auto& entry : catalog->order) {
      known += (known.empty() ? "" : ", ") + entry;
    }
    std::cerr << "klarmeld: unknown interface '" << id << "'; the catalog has: " << known << '\n';
    return exit_usage;
  }
  bool english = lang == "en";
  std::cout << interface->id << " — " << pick(interface->name_da, interface->name_en, english) << '\n'
            << "Transport: " << interface->transport << "    Direction: " << criteria::to_string(interface->direction)
            << (interface->direction == criteria::Direction::Uses ? " (the vendor's system calls it)"
                                                                  : " (the vendor's system offers it)")
            << "\nSpec: " << interface->spec_reference << "\n\n"
            << wrapped(pick(interface->purpose_da, interface->purpose_en, english), 96, "") << "\nCriteria ("
            << interface->criteria.size() << ", " << automated_count(*interface) << " automated):\n";
  for (const auto& criterion : interface->criteria) {
    std::cout << "\n  " << criterion.id << "  [" << describe_decision(criterion) << "; "
              << criteria::to_string(criterion.source) << (criterion.required ? "" : "; optional") << "]\n"
              << wrapped(pick(criterion.text_da, criterion.text_en, english), 92, "    ");
    if (criterion.is_manual()) {
      std::cout << wrapped("Evidence: " + criterion.manual_evidence, 92, "    ");
    }
  }
  std::cout << "\nCatalog SHA-256: " << catalog->sha256 << '\n';
  return exit_ready;
}

int lint(const std::string& option) {
  auto dir = criteria::resolve_catalog_dir(option);
  if (!dir) {
    return report_failure(dir.error());
  }
  auto findings = criteria::lint_catalog(*dir);
  for (const auto& finding : findings) {
    std::cout << finding.render() << "\n\n";
  }
  if (!findings.empty()) {
    std::cout << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " in " << *dir << '\n';
    return exit_usage;
  }
  auto catalog = criteria::load_catalog(*dir);
  if (!catalog) {
    return report_failure(catalog.error());
  }
  size_t total = 0;
  for (const auto& interface : catalog->interfaces) {
    total += interface.criteria.size();
  }
  std::cout << *dir << ": clean — " << catalog->interfaces.size() << " interfaces, " << total << " criteria, SHA-256 "
            << catalog->sha256 << '\n';
  return exit_ready;
}

struct CriteriaOptions {
  std::string dir;
  std::string id;
  std::string lang = "da";
};

} // namespace

void register_criteria_commands(CLI::App& app, CommandTable& commands) {
  auto options = std::make_shared<CriteriaOptions>();
  CLI::App* criteria = app.add_subcommand("criteria", "Show and check the readiness-criteria catalog");
  criteria->require_subcommand(1);

  CLI::App* list_command = criteria->add_subcommand("list", "List the catalog's interfaces and criteria counts");
  list_command->add_option("--criteria", options->dir, "Catalog directory (default: KLARMELD_CRITERIA, installed)");
  commands.add(list_command, [options] { return list(options->dir); });

  CLI::App* show_command = criteria->add_subcommand("show", "Show one interface with all its criteria");
  show_command->add_option("id", options->id, "Interface id, e.g. SF1500")->required();
  show_command->add_option("--criteria", options->dir, "Catalog directory (default: KLARMELD_CRITERIA, installed)");
  show_command->add_option("--lang", options->lang, "Language of names and texts")->check(CLI::IsMember({"da", "en"}));
  commands.add(show_command, [options] { return show(options->dir, options->id, options->lang); });

  CLI::App* lint_command = criteria->add_subcommand("lint", "Check a catalog directory; print every finding");
  lint_command->add_option("dir", options->dir, "Catalog directory (default: KLARMELD_CRITERIA, installed)");
  commands.add(lint_command, [options] { return lint(options->dir); });
}

} // namespace klarmeld::cli
