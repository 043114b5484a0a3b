// `klarmeld diff OLD.xlsx NEW.xlsx [--trust CA.pem]... [--json]`: what changed between two runs for the
// same vendor/system/municipality. Exit 0 no regression, 1 when any Ja became Nej, 2 bad input.
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/commands/trust_option.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal.hpp"
#include "crypto/identity.hpp"
#include "report/json_text.hpp"
#include "report/workbook_labels.hpp"
#include "taskforce/workbook_diff.hpp"

namespace klarmeld::cli {
namespace {

struct DiffCommand {
  std::string before;
  std::string after;
  std::vector<std::string> trust;
  bool json = false;
};

std::string signature_word(const taskforce::DiffSide& side) {
  return !side.signature_valid ? "ugyldig/mangler"
                               : (side.signature_trusted ? "gyldig, betroet" : "gyldig, ikke betroet");
}

void print_ids(const char* title, const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return;
  }
  std::cout << title;
  for (const std::string& id : ids) {
    std::cout << ' ' << id;
  }
  std::cout << '\n';
}

// As the overview sheet says it: a pending interface is "Afventer dokumentation", not Ikke testet.
std::string verdict_word(Verdict verdict, bool pending) {
  return std::string(pending ? report::danish_labels.pending_evidence : to_danish(verdict));
}

void print_changes(const char* title, const std::vector<taskforce::VerdictChange>& changes) {
  if (changes.empty()) {
    return;
  }
  std::cout << title << '\n';
  for (const taskforce::VerdictChange& change : changes) {
    std::cout << "  " << change.id << ": " << verdict_word(change.before, change.before_pending) << " -> "
              << verdict_word(change.after, change.after_pending) << (change.regression() ? "  (TILBAGEGANG)" : "")
              << '\n';
  }
}

void print_text(const taskforce::WorkbookDiff& diff) {
  const auto& before = diff.before.content;
  const auto& after = diff.after.content;
  std::cout << "Før:  " << diff.before.path << " (" << before.started_at << "; signatur " << signature_word(diff.before)
            << ")\nEfter: " << diff.after.path << " (" << after.started_at << "; signatur "
            << signature_word(diff.after) << ")\n";
  if (!diff.same_subject) {
    std::cout << "ADVARSEL: ikke samme leverandør/system/kommune: " << before.vendor_name << " / " << before.system_name
              << " / " << before.municipality_name << " mod " << after.vendor_name << " / " << after.system_name
              << " / " << after.municipality_name << '\n';
  }
  if (diff.catalog_changed) {
    std::cout << "Katalog: " << before.catalog_version << " -> " << after.catalog_version << '\n';
  }
  if (diff.signer_changed) {
    std::cout << "Underskriver: " << diff.before.signers << " -> " << diff.after.signers << '\n';
  }
  print_ids("Grænseflader tilføjet:", diff.interfaces_added);
  print_ids("Grænseflader fjernet:", diff.interfaces_dropped);
  print_changes("Grænseflader ændret:", diff.interface_changes);
  print_changes("Kriterier ændret:", diff.criterion_changes);
  print_ids("Kriterier tilføjet:", diff.criteria_added);
  print_ids("Kriterier fjernet:", diff.criteria_dropped);
  std::cout << (diff.regression() ? "Resultat: TILBAGEGANG (et Ja er blevet til Nej)\n"
                                  : "Resultat: ingen tilbagegang\n");
}

Json json_side(const taskforce::DiffSide& side) {
  return {{"path", side.path},
          {"sha256", side.sha256},
          {"signers", side.signers},
          {"signature_valid", side.signature_valid},
          {"signature_trusted", side.signature_trusted},
          {"vendor", side.content.vendor_name},
          {"system", side.content.system_name},
          {"municipality", side.content.municipality_name},
          {"catalog_version", side.content.catalog_version},
          {"started_at", side.content.started_at}};
}

Json json_changes(const std::vector<taskforce::VerdictChange>& changes) {
  Json items = Json::array();
  for (const taskforce::VerdictChange& change : changes) {
    items.push_back({{"id", change.id},
                     {"before", to_key(change.before)},
                     {"after", to_key(change.after)},
                     {"before_pending_evidence", change.before_pending},
                     {"after_pending_evidence", change.after_pending},
                     {"regression", change.regression()}});
  }
  return items;
}

void print_json(const taskforce::WorkbookDiff& diff) {
  const Json json = {{"schema_version", 1},
                     {"before", json_side(diff.before)},
                     {"after", json_side(diff.after)},
                     {"same_subject", diff.same_subject},
                     {"catalog_changed", diff.catalog_changed},
                     {"signer_changed", diff.signer_changed},
                     {"interfaces_added", diff.interfaces_added},
                     {"interfaces_dropped", diff.interfaces_dropped},
                     {"interface_changes", json_changes(diff.interface_changes)},
                     {"criterion_changes", json_changes(diff.criterion_changes)},
                     {"criteria_added", diff.criteria_added},
                     {"criteria_dropped", diff.criteria_dropped},
                     {"regression", diff.regression()}};
  std::cout << report::json_document(json);
}

int run_diff(const DiffCommand& command) {
  std::vector<crypto::X509Ptr> anchors;
  for (const std::string& path : command.trust) {
    auto certificates = crypto::load_pem_certificates(path);
    if (!certificates) {
      return report_error(certificates.error());
    }
    for (crypto::X509Ptr& certificate : *certificates) {
      anchors.push_back(std::move(certificate));
    }
  }
  auto before = taskforce::read_diff_side(command.before, anchors);
  if (!before) {
    std::cerr << "klarmeld diff: " << before.error().render() << '\n';
    return exit_usage;
  }
  auto after = taskforce::read_diff_side(command.after, anchors);
  if (!after) {
    std::cerr << "klarmeld diff: " << after.error().render() << '\n';
    return exit_usage;
  }
  taskforce::WorkbookDiff diff = taskforce::diff_workbooks(std::move(*before), std::move(*after));
  if (command.json) {
    print_json(diff);
  } else {
    print_text(diff);
  }
  return diff.regression() ? exit_not_ready : exit_ready;
}

} // namespace

void register_diff_command(CLI::App& app, CommandTable& commands) {
  auto command = std::make_shared<DiffCommand>();
  CLI::App* sub = app.add_subcommand(
      "diff", "What changed between two readiness spreadsheets of the same vendor/system/municipality (exit 0 no "
              "regression, 1 a Ja became Nej)");
  sub->add_option("old", command->before, "Earlier spreadsheet (.xlsx)")->required()->check(CLI::ExistingFile);
  sub->add_option("new", command->after, "Later spreadsheet (.xlsx)")->required()->check(CLI::ExistingFile);
  add_trust_option(*sub, command->trust, "PEM file of trust anchors, to report whether signers are trusted");
  sub->add_flag("--json", command->json, "JSON on stdout instead of text");
  commands.add(sub, [command] { return run_diff(*command); });
}

} // namespace klarmeld::cli
