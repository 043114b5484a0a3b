// `klarmeld aggregate DIR|FILES... --out overview.xlsx [--html overview.html] [--trust CA.pem]... [--json]`:
// verifies every workbook's signatures (the same code as `klarmeld verify`), excludes and lists what is
// unsigned, invalid, untrusted or unreadable, counts one klarmelding per (vendor, system, municipality)
// — the newest; older ones are listed as superseded — and writes the taskforce overview. Exit 0 every
// input counted or superseded by a newer klarmelding, 1 some inputs excluded or two klarmeldinger in
// conflict (the overview is still written), 2 bad options or inputs.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "cli/commands/commands.hpp"
#include "cli/commands/trust_option.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"
#include "crypto/identity.hpp"
#include "report/json_text.hpp"
#include "taskforce/aggregate.hpp"
#include "taskforce/input_files.hpp"

namespace klarmeld::cli {
namespace {

struct AggregateCommand {
  std::vector<std::string> inputs;
  std::string out;
  std::string html;
  std::vector<std::string> trust;
  std::string criteria_dir;
  bool json = false;
  unsigned jobs = std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
};

Result<std::vector<crypto::X509Ptr>> load_anchors(const std::vector<std::string>& paths) {
  std::vector<crypto::X509Ptr> anchors;
  for (const std::string& path : paths) {
    TRY_ASSIGN(auto certificates, crypto::load_pem_certificates(path));
    for (crypto::X509Ptr& certificate : certificates) {
      anchors.push_back(std::move(certificate));
    }
  }
  return anchors;
}

// A one-line bar redrawn in place on a terminal; nothing when stderr is a file or pipe.
taskforce::AggregateProgress progress_bar() {
  if (isatty(STDERR_FILENO) == 0) {
    return {};
  }
  int width = std::max(10, std::min(50, terminal_width(STDERR_FILENO) - 30));
  return [width](size_t done, size_t total, const std::string& /*path*/) {
    int filled = total == 0 ? width : static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
    std::cerr << "\r[" << std::string(static_cast<size_t>(filled), '#')
              << std::string(static_cast<size_t>(width - filled), ' ') << "] " << done << '/' << total << std::flush;
    if (done == total) {
      std::cerr << '\n';
    }
  };
}

void print_text(const AggregateCommand& command, const taskforce::AggregateResult& result) {
  std::cout << "Overblik: " << command.out << " (" << result.tally.accepted() << " regneark medtaget, "
            << result.tally.excluded() << " udeladt";
  if (result.tally.replaced() > 0) {
    std::cout << ", " << result.tally.replaced() << " erstattet af nyere klarmelding eller dublet";
  }
  if (result.tally.conflicts() > 0) {
    std::cout << ", " << result.tally.conflicts() << " udeladt i konflikt";
  }
  if (result.tally.rollout_overviews() > 0) {
    std::cout << ", " << result.tally.rollout_overviews() << " udrulningsoversigt(er)";
  }
  std::cout << ")\n";
  if (!command.html.empty()) {
    std::cout << "HTML:     " << command.html << '\n';
  }
  if (command.trust.empty()) {
    std::cout << "Bemærk: ingen --trust angivet; ingen signatur kan være betroet, så alle filer er udeladt.\n";
  }
  if (!result.excluded.empty()) {
    std::cout << "Udeladte filer:\n";
    for (const taskforce::ExcludedFile& file : result.excluded) {
      std::cout << "  " << file.path << ": " << file.reason << " [" << file.code << "]\n";
    }
  }
  if (!result.rollout_overviews.empty()) {
    std::cout << "Udrulningsoversigter (" << taskforce::rollout_overview_note << "):\n";
    for (const std::string& path : result.rollout_overviews) {
      std::cout << "  " << path << '\n';
    }
  }
  if (!result.incomplete.empty()) {
    std::cout << "Ufuldstændige kørsler (vist for sig; den fuldstændige klarmelding tæller):\n";
    for (const taskforce::ExcludedFile& file : result.incomplete) {
      std::cout << "  " << file.path << ": " << file.reason << '\n';
    }
  }
  if (!result.conflicts.empty()) {
    std::cout << "Konflikter (medtaget efter fast regel, bør afklares):\n";
    for (const std::string& conflict : result.conflicts) {
      std::cout << "  " << conflict << '\n';
    }
  }
  if (!result.criteria_unreadable.empty()) {
    std::cout << "Medtaget efter oversigten, men kriterierne kan ikke vises i HTML'en:\n";
    for (const std::string& file : result.criteria_unreadable) {
      std::cout << "  " << file << '\n';
    }
  }
  if (!result.older_catalog_files.empty()) {
    std::cout << "Fra en ældre katalogversion:\n";
    for (const std::string& file : result.older_catalog_files) {
      std::cout << "  " << file << '\n';
    }
  }
}

void print_json(const AggregateCommand& command, const taskforce::AggregateOptions& options,
                const taskforce::AggregateResult& result) {
  Json excluded = Json::array();
  for (const taskforce::ExcludedFile& file : result.excluded) {
    excluded.push_back({{"path", file.path}, {"code", file.code}, {"reason", file.reason}});
  }
  Json incomplete = Json::array();
  for (const taskforce::ExcludedFile& file : result.incomplete) {
    incomplete.push_back({{"path", file.path}, {"reason", file.reason}});
  }
  Json interfaces = Json::array();
  for (size_t column = 0; column < options.columns.size(); ++column) {
    const taskforce::VerdictCounts& counts = result.tally.columns()[column];
    Json interface = {{"id", options.columns[column]}};
    for (Verdict verdict : {Verdict::Ja, Verdict::Nej, Verdict::IkkeTestet, Verdict::IkkeRelevant}) {
      interface[to_key(verdict)] = static_cast<std::int64_t>(counts.count(verdict));
    }
    interface["ready_permille"] = static_cast<std::int64_t>(counts.ready_share() * 1000.0 + 0.5);
    interfaces.push_back(std::move(interface));
  }
  const Json json = {{"schema_version", 1},
                     {"overview", command.out},
                     {"html", command.html},
                     {"inputs", static_cast<std::int64_t>(options.files.size())},
                     {"accepted", static_cast<std::int64_t>(result.tally.accepted())},
                     {"replaced", static_cast<std::int64_t>(result.tally.replaced())},
                     {"conflicts", static_cast<std::int64_t>(result.tally.conflicts())},
                     {"excluded", std::move(excluded)},
                     {"incomplete", std::move(incomplete)},
                     {"rollout_overviews", result.rollout_overviews},
                     {"older_catalog", result.older_catalog_files},
                     {"counted_with_conflict", result.conflicts},
                     {"criteria_unreadable", result.criteria_unreadable},
                     {"interfaces", std::move(interfaces)}};
  std::cout << report::json_document(json);
}

int run_aggregate_command(const AggregateCommand& command) {
  auto anchors = load_anchors(command.trust);
  if (!anchors) {
    return report_error(anchors.error());
  }
  auto files = taskforce::collect_input_files(command.inputs);
  if (!files) {
    return report_error(files.error());
  }
  auto directory = criteria::resolve_catalog_dir(command.criteria_dir);
  if (!directory) {
    return report_error(directory.error());
  }
  auto catalog = criteria::load_catalog(*directory);
  if (!catalog) {
    return report_error(catalog.error());
  }
  taskforce::AggregateOptions options;
  options.files = std::move(*files);
  options.columns = catalog->order;
  for (const auto& interface : catalog->interfaces) {
    options.column_names.push_back(interface.name_da);
  }
  options.catalog_version = catalog->version;
  options.trust_anchors = &*anchors;
  options.xlsx_path = command.out;
  options.html_path = command.html;
  options.jobs = command.jobs;
  auto result = taskforce::run_aggregate(options, progress_bar());
  if (!result) {
    return report_error(result.error());
  }
  if (command.json) {
    print_json(command, options, *result);
  } else {
    print_text(command, *result);
  }
  return result->clean() ? exit_ready : exit_not_ready;
}

} // namespace

void register_aggregate_command(CLI::App& app, CommandTable& commands) {
  auto command = std::make_shared<AggregateCommand>();
  CLI::App* sub = app.add_subcommand(
      "aggregate", "Verify many signed readiness spreadsheets and write the taskforce overview (xlsx matrix, "
                   "optional HTML heat map), newest klarmelding per vendor/system/municipality; exit 0 all "
                   "counted or superseded, 1 some excluded or in conflict");
  sub->add_option("inputs", command->inputs, "Folders of .xlsx files, or files")->required();
  sub->add_option("--out", command->out, "Overview workbook to write (.xlsx)")->required();
  sub->add_option("--html", command->html, "Also write a self-contained HTML heat map");
  add_trust_option(*sub, command->trust, "PEM file of trust anchors (CA certificates); repeatable");
  sub->add_option("--criteria", command->criteria_dir, "Criteria catalog directory (default: the installed one)");
  sub->add_option("--jobs", command->jobs, "Files verified in parallel (default: the number of CPUs, at most 8)")
      ->check(CLI::Range(1, 64));
  sub->add_flag("--json", command->json, "JSON summary on stdout instead of text");
  commands.add(sub, [command] { return run_aggregate_command(*command); });
}

} // namespace klarmeld::cli
