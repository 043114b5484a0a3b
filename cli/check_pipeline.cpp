#include "cli/check_pipeline.hpp"

#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <set>
#include <system_error>
#include <thread>

#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "cli/reachability.hpp"
#include "cli/signing.hpp"
#include "cli/terminal.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"
#include "crypto/identity.hpp"
#include "engine/plan.hpp"
#include "engine/rollout.hpp"
#include "engine/run_check.hpp"
#include "profile/loader.hpp"
#include "profile/preflight.hpp"
#include "report/attestation.hpp"
#include "report/json_writer.hpp"
#include "report/junit_writer.hpp"
#include "report/xlsx_writer.hpp"
#include "sign/detached_signatures.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/output_set.hpp"

namespace klarmeld::cli {
namespace {

Status check_only_ids(const std::vector<std::string>& only, const criteria::Catalog& catalog) {
  for (const auto& id : only) {
    if (catalog.find(id) == nullptr) {
      return Error{ErrorKind::Usage, "usage.unknown-interface",
                   "--only names '" + id + "', which is not an interface of the catalog (see `klarmeld criteria list`)",
                   std::nullopt};
    }
  }
  return Ok{};
}

// Every URL the planned probes will contact, so an unreachable environment is named as such.
std::vector<std::string> planned_urls(const profile::Profile& profile, const engine::Plan& plan) {
  std::set<std::string> urls;
  for (const auto& invocation : plan.invocations) {
    auto endpoint = profile.environment.interfaces.find(invocation.interface->id);
    if (endpoint != profile.environment.interfaces.end() && !endpoint->second.url.empty() &&
        endpoint->second.unavailable.empty()) {
      urls.insert(endpoint->second.url);
    }
  }
  if (!plan.tokens.empty() && !profile.environment.sts_url.empty()) {
    urls.insert(profile.environment.sts_url);
  }
  return {urls.begin(), urls.end()};
}

std::string output_path(const CheckSettings& settings, const engine::Assessment& assessment) {
  if (!settings.out_path.empty()) {
    return settings.out_path;
  }
  return (std::filesystem::path(settings.out_dir) / report::default_workbook_name(assessment)).string();
}

// Pre-flight (profile/preflight.hpp): every check that needs no network, before the first probe. A
// failure returns before anything is written; the signing key it opened is kept for the signature.
Result<std::optional<crypto::Identity>> preflight(const CheckSettings& settings, const profile::Profile& profile,
                                                  const criteria::Catalog& catalog, const engine::Plan& plan) {
  profile::PreflightRequest request;
  request.opens_system_certificate = !plan.invocations.empty();
  request.signer = signer_source(settings.signing);
  // The workbook's default name depends on the run's date; its folder is known now.
  request.output_files = {settings.out_path.empty()
                              ? (std::filesystem::path(settings.out_dir) / "klarmelding.xlsx").string()
                              : settings.out_path,
                          settings.junit_path, settings.json_path, settings.attestation_path};
  profile::PreflightReport report = profile::run_preflight(profile, catalog, request);
  for (const auto& warning : report.warnings) {
    std::cerr << "klarmeld: warning: " << warning << '\n';
  }
  if (!report.ok()) {
    for (size_t i = 1; i < report.errors.size(); ++i) {
      report_error(report.errors[i]); // all of them, so one run shows everything to fix
    }
    return std::move(report.errors.front());
  }
  return std::move(report.signer);
}

// The whole set is written to temporaries, signed in memory and replaced together (util/output_set.hpp,
// docs/robustness.md "Atomic output sets"): no reader ever finds an unsigned workbook beside a stale
// signature, and a killed run leaves the previous set in place.
Status write_outputs(const CheckSettings& settings, CheckOutcome& outcome, const crypto::Identity* signer) {
  outcome.workbook_path = output_path(settings, outcome.assessment);
  const std::string& path = outcome.workbook_path;
  OutputSet set(path);
  std::vector<std::pair<std::string, std::string>> companions;
  if (!settings.junit_path.empty()) {
    companions.emplace_back(settings.junit_path, report::render_junit(outcome.assessment, settings.language));
  }
  if (!settings.json_path.empty()) {
    companions.emplace_back(settings.json_path, report::render_json(outcome.assessment));
  }
  std::string attestation = settings.attestation_beside ? sign::attestation_path(path) : settings.attestation_path;
  TRY(add_signed_workbook(
      set, settings, path,
      [&](const std::string& at) {
        return report::write_readiness_workbook_at(outcome.assessment, at, settings.language);
      },
      companions, &outcome.assessment, attestation, signer));
  TRY_ASSIGN(std::vector<std::string> written, set.commit());
  outcome.written.insert(outcome.written.end(), written.begin(), written.end());
  return Ok{};
}

// No endpoint took a TCP connection: the run could not be carried out (issue #14 item 2). An
// interrupted run stays interrupted — the signal is what the user did last.
void mark_could_not_run(bool environment_unreachable, engine::Assessment& assessment) {
  if (!environment_unreachable || assessment.run_state == engine::RunState::Interrupted) {
    return;
  }
  assessment.run_state = engine::RunState::CouldNotRun;
  assessment.incomplete = true;
  std::string reason = "no endpoint of the test environment could be reached";
  assessment.incomplete_reason += (assessment.incomplete_reason.empty() ? "" : "; ") + reason;
}

// The key the set is signed with: none for a partial, interrupted or could-not-run result unless
// --sign-incomplete asks for it (issue #14 item 3), so a signature never vouches for a run that did not
// happen in full by accident. The state is on the signed sheet either way.
const crypto::Identity* signer_for(const CheckSettings& settings, const engine::Assessment& assessment,
                                   const std::optional<crypto::Identity>& signer) {
  if (!signer) {
    return nullptr;
  }
  if (assessment.run_state != engine::RunState::Complete && !settings.sign_incomplete) {
    std::cerr << "klarmeld: not signed: " << engine::headline_phrase(assessment.run_state) << " ("
              << assessment.incomplete_reason
              << "); the outputs are written unsigned — give --sign-incomplete to sign such a result\n";
    return nullptr;
  }
  return &*signer;
}

} // namespace

Result<Vouching> sign_written_workbook(TemporaryFile& workbook, const CheckSettings& settings, const std::string& path,
                                       const engine::Assessment* attested, const std::string& attestation,
                                       const crypto::Identity& signer) {
  TRY_ASSIGN(std::string unsigned_bytes, read_file(workbook.path()));
  TRY_ASSIGN(SignedWorkbook signed_workbook, sign_workbook_bytes(unsigned_bytes, signer, settings.signing));
  TRY(workbook.write(signed_workbook.workbook));
  Vouching vouching;
  vouching.cades = std::move(signed_workbook.cades);
  if (!attestation.empty() && attested != nullptr) {
    std::string name = std::filesystem::path(path).filename().string();
    TRY_ASSIGN(vouching.attestation,
               report::render_attestation(*attested, name, sha256_hex(signed_workbook.workbook), signer));
  }
  return vouching;
}

Status add_vouching(OutputSet& set, const CheckSettings& settings, const std::string& path, const Vouching* vouching,
                    const std::string& attestation) {
  std::string cades_path = sign::cades_path(path);
  std::string beside_attestation = sign::attestation_path(path);
  if (vouching != nullptr && !vouching->cades.empty()) {
    TRY(set.add(cades_path, OutputRole::Vouching, vouching->cades));
  }
  if (vouching != nullptr && !vouching->attestation.empty()) {
    TRY(set.add(attestation, OutputRole::Vouching, vouching->attestation));
  }
  // A signature or attestation of the previous workbook must not stay beside the new one.
  if (vouching == nullptr || !settings.signing.cades) {
    set.remove_stale(cades_path);
  }
  if (vouching == nullptr || attestation != beside_attestation) {
    set.remove_stale(beside_attestation);
  }
  set.remove_stale(sign::countersign_path(path)); // a countersigner vouched for the old bytes only
  if (vouching == nullptr && !attestation.empty()) {
    set.remove_stale(attestation); // an attestation of the previous workbook vouches for bytes that are gone
  }
  return Ok{};
}

Status add_signed_workbook(OutputSet& set, const CheckSettings& settings, const std::string& path,
                           const std::function<Status(const std::string&)>& write,
                           const std::vector<std::pair<std::string, std::string>>& companions,
                           const engine::Assessment* attested, const std::string& attestation,
                           const crypto::Identity* signer) {
  TRY_ASSIGN(TemporaryFile * workbook, set.add(path, OutputRole::Primary));
  TRY(write(workbook->path()));
  for (const auto& [target, content] : companions) {
    TRY(set.add(target, OutputRole::Companion, content));
  }
  if (signer == nullptr) {
    return add_vouching(set, settings, path, nullptr, attestation);
  }
  TRY_ASSIGN(Vouching vouching, sign_written_workbook(*workbook, settings, path, attested, attestation, *signer));
  return add_vouching(set, settings, path, &vouching, attestation);
}

Result<CheckOutcome> run_check_pipeline(const CheckSettings& settings, const std::atomic<bool>* cancel) {
  TRY_ASSIGN(std::string catalog_dir, criteria::resolve_catalog_dir(settings.criteria_dir));
  TRY_ASSIGN(criteria::Catalog catalog, criteria::load_catalog(catalog_dir));
  TRY_ASSIGN(profile::Profile profile, profile::load_profile(settings.profile_path, catalog_dir));
  TRY(profile::check_profile_against_catalog(profile, catalog));
  TRY(check_only_ids(settings.only, catalog));
  TRY_ASSIGN(std::vector<profile::MunicipalityEntry> municipalities,
             select_municipalities(profile, settings.municipalities));
  if (municipalities.size() == 1) {
    profile = engine::profile_for(profile, municipalities.front()); // one municipality: a plain check
    municipalities.clear();
  }
  TRY(check_signing_settings(settings.signing));
  if (!settings.attestation_path.empty() && !settings.signing.configured()) {
    return Error{ErrorKind::Usage, "usage.attestation",
                 "--attestation needs a signing key (--sign-p12 or --sign-key): the statement is signed with it",
                 std::nullopt};
  }

  engine::Plan plan = engine::build_plan(catalog, profile, engine::PlanOptions{settings.only});
  TRY_ASSIGN(std::optional<crypto::Identity> signer, preflight(settings, profile, catalog, plan));

  CheckOutcome outcome;
  // Asked beside the run, not before it: against a remote environment the connect costs a round trip,
  // and the answer only chooses the exit code.
  // A detached thread, not std::async, whose future would block until a dropped SYN times out: an
  // interrupted run must not wait for the answer (issue #14: outputs within one second).
  std::vector<std::string> urls = planned_urls(profile, plan);
  auto answer = std::make_shared<std::promise<bool>>();
  std::future<bool> reachable = answer->get_future();
  bool asking = true;
  try {
    std::thread([urls, answer] {
      answer->set_value(urls.empty() || any_reachable(urls, std::chrono::seconds(3)));
    }).detach();
  } catch (const std::system_error&) { // no thread to spare: ask after the run instead
    asking = false;
  }

  auto progress = engine::make_progress_for(STDERR_FILENO, std::cerr, settings.verbosity);
  engine::RunOptions options;
  options.concurrency = settings.concurrency;
  options.per_host = settings.per_host;
  options.rate = settings.rate;
  options.retries = settings.retries;
  options.total_timeout = std::chrono::seconds(settings.timeout_seconds);
  // Issue 14 item 6: reaching a server (TCP connect and TLS or SSH handshake) may take the whole
  // --timeout, in every probe alike; the run's cancel flag still ends any wait within 100 ms.
  options.connect_timeout = options.total_timeout;
  options.only = settings.only;
  options.evidence_dir = settings.evidence_dir;
  options.progress = progress.get();
  options.cancel = cancel;
  if (municipalities.empty()) {
    outcome.assessment = engine::run_check(catalog, profile, options);
  } else {
    engine::RolloutResult rollout = engine::run_rollout(catalog, profile, municipalities, options);
    outcome.rollout = std::move(rollout.assessments);
    outcome.token_requests = rollout.token_requests;
  }
  bool interrupted = cancel != nullptr && cancel->load();
  if (!asking) {
    outcome.environment_unreachable = !interrupted && !urls.empty() && !any_reachable(urls, std::chrono::seconds(3));
  } else if (!interrupted || reachable.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    outcome.environment_unreachable = !reachable.get();
  }
  if (outcome.rollout.empty()) {
    mark_could_not_run(outcome.environment_unreachable, outcome.assessment);
    TRY(write_outputs(settings, outcome, signer_for(settings, outcome.assessment, signer)));
    return outcome;
  }
  // A rollout is signed only when every municipality's run was complete (issue #14 item 3 holds for each).
  const engine::Assessment* least_complete = &outcome.rollout.front();
  for (engine::Assessment& assessment : outcome.rollout) {
    mark_could_not_run(outcome.environment_unreachable, assessment);
    if (assessment.run_state != engine::RunState::Complete) {
      least_complete = &assessment;
    }
  }
  outcome.assessment = outcome.rollout.front();
  TRY(write_rollout_outputs(settings, outcome, signer_for(settings, *least_complete, signer)));
  return outcome;
}

namespace {

int exit_code_for_one(const CheckOutcome& outcome) {
  if (outcome.assessment.run_state == engine::RunState::CouldNotRun || outcome.environment_unreachable ||
      !outcome.assessment.setup_problems.empty()) {
    return exit_could_not_run;
  }
  switch (outcome.assessment.readiness()) {
  case engine::Readiness::Ready:
    return exit_ready;
  case engine::Readiness::PendingEvidence:
    return exit_pending;
  case engine::Readiness::NotReady:
    return exit_not_ready;
  }
  return exit_not_ready;
}

// Worst first: could not run, not ready, pending evidence, ready.
int severity(int code) {
  return code == exit_could_not_run ? 3 : code == exit_not_ready ? 2 : code == exit_pending ? 1 : 0;
}

} // namespace

int exit_code_for(const CheckOutcome& outcome) {
  if (outcome.rollout.empty()) {
    return exit_code_for_one(outcome);
  }
  int worst = exit_ready;
  for (const engine::Assessment& assessment : outcome.rollout) {
    CheckOutcome one;
    one.assessment = assessment;
    one.environment_unreachable = outcome.environment_unreachable;
    int code = exit_code_for_one(one);
    worst = severity(code) > severity(worst) ? code : worst;
  }
  return worst;
}

} // namespace klarmeld::cli
