// `klarmeld profile init | lint`: start a target profile from a commented template, and check one.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command_failure.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"
#include "profile/loader.hpp"
#include "profile/preflight.hpp"
#include "profile/template.hpp"
#include "util/files.hpp"

namespace klarmeld::cli {
namespace {

struct ProfileOptions {
  std::string vendor;
  std::string system;
  std::string kommune;
  std::string cvr;
  std::string out = "profile.yaml";
  std::string profile;
  std::string criteria_dir;
};

int init(const ProfileOptions& options) {
  // The catalog only enriches the template (one declaration line per interface): without one, still write it.
  std::optional<criteria::Catalog> catalog;
  if (auto dir = criteria::resolve_catalog_dir(options.criteria_dir); dir) {
    if (auto loaded = criteria::load_catalog(*dir); loaded) {
      catalog = std::move(*loaded);
    }
  }
  auto text = profile::profile_template(options.vendor, options.system, options.kommune, options.cvr,
                                        catalog ? &*catalog : nullptr);
  if (!text) {
    return report_failure(text.error());
  }
  if (options.out == "-") {
    std::cout << *text;
    return exit_ready;
  }
  std::error_code ec;
  if (std::filesystem::exists(options.out, ec)) {
    std::cerr << "klarmeld: refusing to overwrite existing '" << options.out
              << "'; choose another --out or remove it first\n";
    return exit_usage;
  }
  if (auto written = write_file_atomically(options.out, *text); !written) {
    return report_failure(written.error());
  }
  std::cerr << "wrote " << options.out << " — fill it in, then run: klarmeld check --profile " << options.out << '\n';
  return exit_ready;
}

int lint(const ProfileOptions& options) {
  auto findings = profile::lint_profile(options.profile, options.criteria_dir);
  for (const auto& finding : findings) {
    std::cout << finding.render() << "\n\n";
  }
  if (!findings.empty()) {
    std::cout << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " in " << options.profile
              << '\n';
    return exit_usage;
  }
  auto loaded = profile::load_profile(options.profile, options.criteria_dir);
  if (!loaded) {
    return report_failure(loaded.error());
  }
  auto dir = criteria::resolve_catalog_dir(options.criteria_dir);
  if (!dir) {
    return report_failure(dir.error());
  }
  auto catalog = criteria::load_catalog(*dir);
  if (!catalog) {
    return report_failure(catalog.error());
  }
  if (auto checked = profile::check_profile_against_catalog(*loaded, *catalog); !checked) {
    return report_failure(checked.error());
  }
  // The same pre-flight as `klarmeld check` (placeholders, evidence, credentials, certificates, CA
  // bundle), without network, outputs or signing key.
  profile::PreflightReport preflight = profile::run_preflight(*loaded, *catalog, profile::PreflightRequest{});
  for (const auto& warning : preflight.warnings) {
    std::cout << "warning: " << warning << "\n\n";
  }
  if (!preflight.ok()) {
    for (const auto& error : preflight.errors) {
      std::cout << error.render() << "\n\n";
    }
    std::cout << preflight.errors.size() << (preflight.errors.size() == 1 ? " finding" : " findings") << " in "
              << options.profile << '\n';
    const Error& first = preflight.errors.front();
    return first.kind == ErrorKind::Runtime ? exit_could_not_run : exit_usage;
  }
  std::cout << options.profile << ": clean — " << loaded->vendor_name << " / " << loaded->system_name << " / "
            << loaded->municipality_name << " (" << loaded->municipality_code << "), " << loaded->declarations.size()
            << " declarations, " << loaded->evidence.size() << " evidence entries\n";
  return exit_ready;
}

} // namespace

void register_profile_commands(CLI::App& app, CommandTable& commands) {
  auto options = std::make_shared<ProfileOptions>();
  CLI::App* profile = app.add_subcommand("profile", "Create and check target profiles");
  profile->require_subcommand(1);

  CLI::App* init_command = profile->add_subcommand("init", "Write a commented profile template to fill in");
  init_command->add_option("--vendor", options->vendor, "Vendor name")->required();
  init_command->add_option("--system", options->system, "System name")->required();
  init_command->add_option("--kommune", options->kommune, "Pilot municipality: name (Aarhus) or kommunekode (751)")
      ->required();
  init_command->add_option("--cvr", options->cvr, "Vendor CVR (8 digits); a marked placeholder if omitted");
  init_command->add_option("--out", options->out, "File to write ('-' for standard output); never overwritten")
      ->capture_default_str();
  init_command->add_option("--criteria", options->criteria_dir,
                           "Catalog directory whose interfaces the template lists (default: KLARMELD_CRITERIA, "
                           "installed)");
  commands.add(init_command, [options] { return init(*options); });

  CLI::App* lint_command = profile->add_subcommand("lint", "Check a profile, also against the criteria catalog");
  lint_command->add_option("profile", options->profile, "Profile YAML file")->required();
  lint_command->add_option("--criteria", options->criteria_dir,
                           "Catalog directory (default: KLARMELD_CRITERIA, installed)");
  commands.add(lint_command, [options] { return lint(*options); });
}

} // namespace klarmeld::cli
