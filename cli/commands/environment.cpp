// `klarmeld environment show [eksterntest|produktion] [--criteria DIR] [--json]`: KOMBIT's values a
// short-form profile (`environment: eksterntest`) gets, each with its public source, and per interface
// the SOAP operations the catalog's probes call, read from the operation table
// (interfaces/soap/soap_operations.hpp), not from a copy.
#include <iostream>
#include <memory>

#include "cli/command_failure.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/kombit_environment.hpp"
#include "criteria/model/loader.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "report/json_text.hpp"

namespace klarmeld::cli {
namespace {

struct EnvironmentOptions {
  std::string id = "eksterntest";
  std::string dir;
  bool json = false;
};

struct OperationRow {
  std::string operation; // the catalog's spelling, e.g. virksomhed/soeg
  std::string action;
  std::string url; // where the call goes from the environment's endpoint
  std::string soap_version;
  bool liberty_framework = false;
};

// The soap.call operations of one interface's criteria, as the operation table builds them against the
// environment's endpoint. Inputs only a vendor can know (a user's UUID) are shown as placeholders.
std::vector<OperationRow> operations_of(const criteria::Interface& interface,
                                        const criteria::KombitInterface& service) {
  std::vector<OperationRow> rows;
  for (const auto& criterion : interface.criteria) {
    if (!criterion.probe || criterion.probe->type != "soap.call") {
      continue;
    }
    const criteria::SoapOperation operation = criterion.probe->modes.soap_operation;
    const std::string spelling(spelling_of(criteria::soap_operation_spellings, operation));
    bool seen = false;
    for (const auto& row : rows) {
      seen = seen || row.operation == spelling;
    }
    if (seen) {
      continue;
    }
    soap::OperationInputs inputs;
    inputs.endpoint_url = service.url.value;
    for (const auto& [key, option] : service.options) {
      inputs.options[key] = option.value;
    }
    inputs.options.emplace("bruger_uuid", "<bruger_uuid>");
    inputs.options.emplace("organisationenhed_uuid", "<organisationenhed_uuid>");
    if (auto call = soap::build_operation(operation, inputs)) {
      const soap::OperationBinding& binding = soap::binding_of(operation);
      rows.push_back({spelling, call->action, call->url,
                      binding.soap_version == wssec::SoapVersion::Soap11 ? "1.1" : "1.2", binding.liberty_framework});
    }
  }
  return rows;
}

void print_value(const char* key, const criteria::SourcedValue& value, const char* indent) {
  if (value.value.empty()) {
    return;
  }
  std::cout << indent << key << ": " << value.value << "\n"
            << indent << "  " << (value.inferred() ? "(inferred) " : "source: ") << value.source << "\n";
}

int show(const EnvironmentOptions& options) {
  auto dir = criteria::resolve_catalog_dir(options.dir);
  if (!dir) {
    return report_failure(dir.error());
  }
  auto environment = criteria::load_kombit_environment(*dir, options.id);
  if (!environment) {
    return report_failure(environment.error());
  }
  auto catalog = criteria::load_catalog(*dir);
  if (!catalog) {
    return report_failure(catalog.error());
  }
  std::map<std::string, std::vector<OperationRow>> operations;
  for (const auto& [id, service] : environment->interfaces) {
    if (const criteria::Interface* interface = catalog->find(id)) {
      operations[id] = operations_of(*interface, service);
    }
  }
  if (options.json) {
    Json json = *environment;
    for (const auto& [id, rows] : operations) {
      Json list = Json::array();
      for (const auto& row : rows) {
        list.push_back({{"operation", row.operation},
                        {"action", row.action},
                        {"url", row.url},
                        {"soap_version", row.soap_version},
                        {"liberty_framework", row.liberty_framework},
                        {"source", "interfaces/soap/soap_operations.cpp"}});
      }
      json["interfaces"][id]["operations"] = std::move(list);
    }
    std::cout << report::json_document(json);
    return exit_ready;
  }
  std::cout << environment->name << " (" << environment->id << ", data of " << environment->version << ")\n"
            << "file: " << environment->file << "\n\nSTS\n";
  print_value("url", environment->sts_url, "  ");
  print_value("rest_url", environment->sts_rest_url, "  ");
  print_value("token_exchange_url", environment->token_exchange_url, "  ");
  print_value("issuer", environment->sts_issuer, "  ");
  for (const auto& [id, service] : environment->interfaces) {
    const criteria::Interface* interface = catalog->find(id);
    std::cout << "\n" << id << (interface != nullptr ? " " + interface->name_da : std::string()) << "\n";
    print_value("url", service.url, "  ");
    print_value("entity_id", service.entity_id, "  ");
    for (const auto& [key, option] : service.options) {
      print_value(("options." + key).c_str(), option, "  ");
    }
    for (const auto& row : operations[id]) {
      std::cout << "  operation " << row.operation << ": action " << row.action << "\n    SOAP " << row.soap_version
                << (row.liberty_framework ? " with the Liberty Framework header" : "") << ", posted to " << row.url
                << "\n    source: interfaces/soap/soap_operations.cpp\n";
    }
  }
  std::cout << "\nA value marked (inferred) has no public source: confirm it with KOMBIT, and override it in the "
               "profile's endpoints if it differs (docs/profile-format.md).\n";
  return exit_ready;
}

} // namespace

void register_environment_commands(CLI::App& app, CommandTable& commands) {
  auto options = std::make_shared<EnvironmentOptions>();
  CLI::App* environment = app.add_subcommand("environment", "Show KOMBIT's environments that profiles can name");
  environment->require_subcommand(1);
  CLI::App* show_command =
      environment->add_subcommand("show", "KOMBIT's STS, endpoints, entityIDs and SOAP actions, with sources");
  show_command->add_option("id", options->id, "eksterntest (default) or produktion");
  show_command->add_option("--criteria", options->dir, "Catalog directory (default: KLARMELD_CRITERIA, installed)");
  show_command->add_flag("--json", options->json, "JSON on stdout instead of text");
  commands.add(show_command, [options] { return show(*options); });
}

} // namespace klarmeld::cli
