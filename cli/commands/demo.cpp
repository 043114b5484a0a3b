// `klarmeld demo`: the first thing a new user runs. Starts the simulated KOMBIT and vendor test
// environments in-process, checks a conforming and a half-ready vendor against them with real token
// security, writes and signs both spreadsheets, and verifies the signatures against the test root.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <csignal>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/check_pipeline.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"
#include "crypto/random.hpp"
#include "fixtures/src/fixture_environment.hpp"
#include "fixtures/src/pki.hpp"
#include "fixtures/src/scenario.hpp"
#include "profile/loader.hpp"
#include "sign/verifier.hpp"
#include "util/data_location.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/time.hpp"

namespace klarmeld::cli {
namespace {

namespace fs = std::filesystem;

struct DemoSettings {
  std::string out_dir = "klarmeld-demo";
  std::string criteria_dir;
  std::vector<std::string> scenarios; // empty: conforming + half-ready
  bool quiet = false;
};

// Created with mode 0600 from the start (O_EXCL: never through a file someone else prepared).
Status write_private_file(const std::string& path, const std::string& content) {
  std::filesystem::remove(path);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    return runtime_error("file.unwritable", "cannot create '" + path + "'");
  }
  std::string line = content + "\n";
  bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = close(fd) == 0 && ok;
  if (!ok) {
    return runtime_error("file.unwritable", "cannot write '" + path + "'");
  }
  return Ok{};
}

// The scenario says the pilot municipality confirmed every manual criterion of the interfaces in use:
// write one evidence file per such criterion, clearly marked as simulated, and list it in the profile.
Status add_simulated_evidence(const std::string& profile_path, const std::string& run_dir, const DemoSettings& settings,
                              const fixtures::Scenario& scenario) {
  TRY_ASSIGN(std::string catalog_dir, criteria::resolve_catalog_dir(settings.criteria_dir));
  TRY_ASSIGN(criteria::Catalog catalog, criteria::load_catalog(catalog_dir));
  TRY_ASSIGN(profile::Profile profile, profile::load_profile(profile_path, catalog_dir));
  fs::create_directories(run_dir + "/evidence");
  std::string today = iso_date_utc(Clock::now());
  std::string yaml = "evidence:\n";
  for (const auto& interface : catalog.interfaces) {
    if (profile.declaration_for(interface.id) != profile::SelfDeclaration::Anvendes) {
      continue;
    }
    for (const auto& criterion : interface.criteria) {
      if (!criterion.is_manual()) {
        continue;
      }
      std::string relative = "evidence/" + criterion.id + ".txt";
      std::string text = "SIMULERET dokumentation (klarmeld demo), ikke rigtig dokumentation.\nKriterium " +
                         criterion.id + ": " + criterion.text_da + "\nDokumentation: " + criterion.manual_evidence +
                         "\nBekræftet af: " + scenario.municipality_name + " Kommune (simuleret)\n";
      TRY(write_file_atomically(run_dir + "/" + relative, text));
      yaml += "  - criterion: \"" + criterion.id + "\"\n    answer: ja\n    file: \"" + relative +
              "\"\n    sha256: \"" + sha256_hex(text) + "\"\n    remark: \"Simuleret i klarmeld demo\"\n" +
              "    confirmed_by: \"" + scenario.municipality_name + " Kommune (simuleret)\"\n    date: " + today + "\n";
    }
  }
  TRY_ASSIGN(std::string content, read_file(profile_path));
  return write_file_atomically(profile_path, content + yaml);
}

Result<std::vector<std::string>> scenario_files(const DemoSettings& settings) {
  if (!settings.scenarios.empty()) {
    return settings.scenarios;
  }
  TRY_ASSIGN(std::string dir, resolve_data_dir("scenarios"));
  return std::vector<std::string>{dir + "/conforming.yaml", dir + "/half-ready.yaml"};
}

struct ScenarioRun {
  std::string name;
  CheckOutcome outcome;
  sign::PackageReport verification;
};

Result<ScenarioRun> run_scenario(const fixtures::Scenario& scenario, const fixtures::TestPki& pki,
                                 const DemoSettings& settings, const std::string& pki_dir,
                                 const std::string& password_file, const std::atomic<bool>* cancel) {
  fixtures::StartOptions start_options;
  start_options.beskedfordeler = true;
  start_options.sftp = true;
  TRY_ASSIGN(auto environment, fixtures::FixtureEnvironment::start(scenario, pki, start_options));
  if (!environment->beskedfordeler_problem().empty()) {
    std::cerr << "demo: " << environment->beskedfordeler_problem() << " (install rabbitmq-server: scripts/setup)\n";
  }
  if (!environment->sftp_problem().empty()) {
    std::cerr << "demo: " << environment->sftp_problem() << "\n";
  }
  std::string name = fs::path(scenario.file).stem().string();
  std::string run_dir = (fs::path(settings.out_dir) / name).string();
  fs::create_directories(run_dir);
  std::string profile_path = run_dir + "/profile.yaml";
  TRY(write_file_atomically(profile_path, environment->profile_yaml(pki_dir, "", password_file, true)));
  if (scenario.pilot_confirms_manual_criteria) {
    TRY(add_simulated_evidence(profile_path, run_dir, settings, scenario));
  }

  CheckSettings check;
  check.profile_path = profile_path;
  check.criteria_dir = settings.criteria_dir;
  check.out_dir = run_dir;
  check.junit_path = run_dir + "/junit.xml";
  check.json_path = run_dir + "/result.json";
  check.verbosity = settings.quiet ? engine::Verbosity::Quiet : engine::Verbosity::Normal;
  check.signing.p12 = pki_dir + "/" + fixtures::pki_files::vendor_p12;
  check.signing.password_file = password_file;
  check.attestation_beside = true;
  TRY_ASSIGN(CheckOutcome outcome, run_check_pipeline(check, cancel));
  environment->stop();

  std::vector<crypto::X509Ptr> anchors;
  anchors.emplace_back(X509_dup(pki.root_ca.certificate.get()));
  ScenarioRun run{name, std::move(outcome), {}};
  run.verification = sign::verify_package(run.outcome.workbook_path, anchors);
  return run;
}

void print_verification(const sign::PackageReport& report, bool colour) {
  for (const auto& signature : report.signatures) {
    std::string state = signature.valid && signature.trusted ? "gyldig og betroet"
                        : signature.valid                    ? "gyldig, men ikke betroet"
                                                             : "UGYLDIG";
    std::cout << "  signatur " << signature.part << ": " << paint_verdict(signature.valid ? "Ja" : "Nej", colour) << " "
              << state << " — " << signature.signer_subject << "\n";
  }
  if (report.cades) {
    std::cout << "  CAdES (.p7s): " << (report.cades->valid && report.cades->trusted ? "gyldig og betroet" : "UGYLDIG")
              << "\n";
  }
  for (const auto& problem : report.problems) {
    std::cout << "  problem: " << problem.part << ": " << problem.message << "\n";
  }
}

int run_demo(const DemoSettings& settings, const std::atomic<bool>* cancel) {
  auto files = scenario_files(settings);
  if (!files) {
    return report_error(files.error());
  }
  std::vector<fixtures::Scenario> scenarios;
  for (const auto& file : *files) {
    auto scenario = fixtures::load_scenario(file);
    if (!scenario) {
      return report_error(scenario.error());
    }
    scenarios.push_back(std::move(*scenario));
  }
  std::cout << "klarmeld demo: generating a test PKI (OCES3-like) and starting the simulated KOMBIT environment\n";
  auto pki = fixtures::TestPki::generate(scenarios.front().vendor_cvr, scenarios.front().municipality_cvr);
  if (!pki) {
    return report_error(pki.error());
  }
  std::string pki_dir = (fs::path(settings.out_dir) / "pki").string();
  fs::create_directories(pki_dir);
  std::string password = crypto::random_password();
  std::string password_file = pki_dir + "/p12-password.txt";
  if (auto written = write_private_file(password_file, password); !written) {
    return report_error(written.error());
  }
  if (auto written = pki->write_out(pki_dir, password); !written) {
    return report_error(written.error());
  }
  bool colour = colour_enabled(STDOUT_FILENO);
  bool all_verified = true;
  for (const auto& scenario : scenarios) {
    std::cout << "\n== " << scenario.name << ": " << scenario.description << "\n";
    auto run = run_scenario(scenario, *pki, settings, pki_dir, password_file, cancel);
    if (!run) {
      return report_error(run.error());
    }
    print_summary(run->outcome, colour);
    print_verification(run->verification, colour);
    all_verified = all_verified && run->verification.trusted();
  }
  std::cout << "\nTrust anchor for `klarmeld verify`: " << pki_dir << "/" << fixtures::pki_files::root_ca << "\n";
  return all_verified ? exit_ready : exit_not_ready;
}

std::atomic<bool> demo_interrupted{false};
extern "C" void on_demo_interrupt(int /*signal*/) {
  demo_interrupted.store(true);
}

} // namespace

void register_demo_command(CLI::App& app, CommandTable& commands) {
  auto* command = app.add_subcommand(
      "demo", "Run the full check against the built-in simulated KOMBIT environment (conforming + half-ready vendor)");
  static DemoSettings settings;
  command->add_option("--out-dir", settings.out_dir, "Where the spreadsheets, profiles and test PKI go");
  command->add_option("--criteria", settings.criteria_dir, "Criteria catalog directory (default: the installed one)");
  command->add_option("--scenario", settings.scenarios, "Scenario file(s) instead of conforming + half-ready")
      ->check(CLI::ExistingFile);
  command->add_flag("--quiet,-q", settings.quiet, "Only the summaries");
  commands.add(command, [] {
    struct sigaction action {};
    action.sa_handler = on_demo_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    return run_demo(settings, &demo_interrupted);
  });
}

} // namespace klarmeld::cli
