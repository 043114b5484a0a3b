// `klarmeld check`: the main job — criteria + profile → probes → signed readiness spreadsheet.
#include <atomic>
#include <csignal>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cli/check_pipeline.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/signing.hpp"
#include "cli/terminal.hpp"
#include "engine/run_options.hpp"

namespace klarmeld::cli {
namespace {

std::atomic<bool> interrupted{false};
std::atomic<int> interrupting_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

// Only lock-free atomics and _exit, both async-signal-safe (POSIX.1-2017 XSH 2.4.3). The first signal
// asks the run to stop (the runner cancels in-flight probes and the outputs are written, marked
// interrupted); a second one ends the process at once. The output set is replaced atomically
// (util/output_set.hpp), so the previous outputs stay whole.
extern "C" void on_interrupt(int signal) {
  if (interrupted.load()) {
    _exit(exit_signal_base + signal);
  }
  interrupting_signal.store(signal);
  interrupted.store(true);
}

// Ctrl-C (SIGINT) or SIGTERM stops probing; the spreadsheet is still written with unfinished criteria
// "Ikke testet", and the exit code is the shell's 128 + signal (130, 143).
void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> ids;
  std::stringstream stream(list);
  std::string id;
  while (std::getline(stream, id, ',')) {
    if (!id.empty()) {
      ids.push_back(id);
    }
  }
  return ids;
}

} // namespace

void add_check_options(CLI::App& command, CheckSettings& settings, std::string& only, std::string& lang, bool& quiet,
                       bool& verbose) {
  command.add_option("--profile", settings.profile_path, "Target profile (YAML)")->required()->check(CLI::ExistingFile);
  command.add_option("--criteria", settings.criteria_dir, "Criteria catalog directory (default: the installed one)");
  command.add_option("--out", settings.out_path,
                     "Spreadsheet path (default: klarmelding_<vendor>_<system>_<kommune>_<date>.xlsx)");
  command.add_option("--junit", settings.junit_path, "Also write JUnit XML here");
  command.add_option("--json", settings.json_path, "Also write JSON here");
  command.add_option("--only", only, "Assess only these interfaces (comma-separated ids, e.g. SF1500,SF1510)");
  command.add_option("--lang", lang, "Spreadsheet language")->check(CLI::IsMember({"da", "en"}));
  command.add_option("--evidence", settings.evidence_dir, "Save every exchange (secrets replaced by digests) here");
  command
      .add_option("--concurrency", settings.concurrency,
                  "Requests in flight in all at most (default " + std::to_string(engine::default_concurrency) + ")")
      ->check(CLI::Range(1, 256));
  command
      .add_option("--per-host", settings.per_host,
                  "Connections and requests in flight per host at most (default " +
                      std::to_string(engine::default_per_host) + ", never more than --concurrency)")
      ->check(CLI::Range(1, 256));
  command
      .add_option("--rate", settings.rate, "Requests started per second per host at most, 0 for no limit (default 20)")
      ->check(CLI::Range(0.0, 10000.0));
  command.add_option("--retries", settings.retries, "Retries of idempotent requests on transient errors")
      ->check(CLI::Range(0, 10));
  command.add_option("--timeout", settings.timeout_seconds, "Per-request timeout in seconds")
      ->check(CLI::Range(1, 600));
  command.add_option(
      "--attestation", settings.attestation_path,
      "Also write a signed in-toto test-result attestation (DSSE) here; `klarmeld verify` checks it when "
      "it is named FILE.xlsx.intoto.json");
  command.add_flag("--sign-incomplete", settings.sign_incomplete,
                   "Also sign a partial (--only), interrupted or could-not-run result (unsigned otherwise)");
  command.add_flag("--quiet,-q", quiet, "Only the verdict line");
  command.add_flag("--verbose,-v", verbose, "Every criterion with its reason, also on a terminal");
  add_signing_options(command, settings.signing);
}

void register_check_command(CLI::App& app, CommandTable& commands) {
  auto* command = app.add_subcommand("check", "Assess a vendor system against the criteria and write the spreadsheet");
  static CheckSettings settings;
  static std::string only;
  static std::string lang = "da";
  static bool quiet = false;
  static bool verbose = false;
  add_check_options(*command, settings, only, lang, quiet, verbose);
  // Not in add_check_options: `demo` checks its one simulated municipality.
  command->add_option("--kommune", settings.municipalities,
                      "Check these municipalities (kommunekode or name; repeat, or 'all' for the pilot and the "
                      "profile's municipalities: list); one workbook each plus a rollout overview");
  commands.add(command, [] {
    settings.only = split_ids(only);
    settings.language = lang == "en" ? report::Language::English : report::Language::Danish;
    settings.verbosity = quiet     ? engine::Verbosity::Quiet
                         : verbose ? engine::Verbosity::Verbose
                                   : engine::Verbosity::Normal;
    install_interrupt_handler();
    auto outcome = run_check_pipeline(settings, &interrupted);
    if (!outcome) {
      return report_error(outcome.error());
    }
    if (outcome->rollout.empty()) {
      print_summary(*outcome, colour_enabled(STDOUT_FILENO), quiet);
    } else {
      print_rollout_summary(*outcome);
    }
    if (int signal = interrupting_signal.load(); signal != 0) {
      return exit_signal_base + signal;
    }
    return exit_code_for(*outcome);
  });
}

} // namespace klarmeld::cli
