#include "cli/check_pipeline.hpp"

#include <filesystem>
#include <future>
#include <iostream>
#include <set>
#include <system_error>

#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "cli/reachability.hpp"
#include "cli/signing.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"
#include "crypto/identity.hpp"
#include "engine/plan.hpp"
#include "engine/run_check.hpp"
#include "profile/loader.hpp"
#include "report/attestation.hpp"
#include "report/json_writer.hpp"
#include "report/junit_writer.hpp"
#include "report/xlsx_writer.hpp"

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

// Credentials are checked before any probe runs: a wrong password is "could not run", not 30 "Nej".
Status check_credentials(const profile::Profile& profile, const engine::Plan& plan) {
  if (plan.invocations.empty() || profile.credentials.pkcs12.empty()) {
    return Ok{};
  }
  crypto::PasswordSource source{profile.credentials.password_env, profile.credentials.password_file};
  TRY_ASSIGN(std::string password, crypto::read_password(source));
  TRY(crypto::load_pkcs12(profile.credentials.pkcs12, password));
  return Ok{};
}

// Every URL the planned probes will contact, so an unreachable environment is named as such.
std::vector<std::string> planned_urls(const profile::Profile& profile, const engine::Plan& plan) {
  std::set<std::string> urls;
  for (const auto& invocation : plan.invocations) {
    auto endpoint = profile.environment.interfaces.find(invocation.interface->id);
    if (endpoint != profile.environment.interfaces.end() && !endpoint->second.url.empty()) {
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

Status write_outputs(const CheckSettings& settings, CheckOutcome& outcome) {
  outcome.workbook_path = output_path(settings, outcome.assessment);
  TRY(report::write_readiness_workbook(outcome.assessment, outcome.workbook_path, settings.language));
  outcome.written.push_back(outcome.workbook_path);
  if (!settings.junit_path.empty()) {
    TRY(report::write_junit(outcome.assessment, settings.junit_path, settings.language));
    outcome.written.push_back(settings.junit_path);
  }
  if (!settings.json_path.empty()) {
    TRY(report::write_json(outcome.assessment, settings.json_path));
    outcome.written.push_back(settings.json_path);
  }
  return Ok{};
}

} // namespace

Result<CheckOutcome> run_check_pipeline(const CheckSettings& settings, const std::atomic<bool>* cancel) {
  TRY_ASSIGN(std::string catalog_dir, criteria::resolve_catalog_dir(settings.criteria_dir));
  TRY_ASSIGN(criteria::Catalog catalog, criteria::load_catalog(catalog_dir));
  TRY_ASSIGN(profile::Profile profile, profile::load_profile(settings.profile_path));
  TRY(profile::check_profile_against_catalog(profile, catalog));
  TRY(check_only_ids(settings.only, catalog));
  TRY(check_signing_settings(settings.signing));
  if (!settings.attestation_path.empty() && !settings.signing.configured()) {
    return Error{ErrorKind::Usage, "usage.attestation",
                 "--attestation needs a signing key (--sign-p12 or --sign-key): the statement is signed with it",
                 std::nullopt};
  }

  engine::Plan plan = engine::build_plan(catalog, profile, engine::PlanOptions{settings.only});
  TRY(check_credentials(profile, plan));

  CheckOutcome outcome;
  // Asked beside the run, not before it: against a remote environment the connect costs a round trip,
  // and the answer only chooses the exit code.
  std::vector<std::string> urls = planned_urls(profile, plan);
  auto ask_reachable = [&urls] { return urls.empty() || any_reachable(urls, std::chrono::seconds(3)); };
  std::future<bool> reachable;
  try {
    reachable = std::async(std::launch::async, ask_reachable);
  } catch (const std::system_error&) { // no thread to spare: ask after the run instead
    reachable = std::async(std::launch::deferred, ask_reachable);
  }

  auto progress = engine::make_progress_for(STDERR_FILENO, std::cerr, settings.verbosity);
  engine::RunOptions options;
  options.concurrency = settings.concurrency;
  options.per_host = settings.per_host;
  options.retries = settings.retries;
  options.total_timeout = std::chrono::seconds(settings.timeout_seconds);
  options.only = settings.only;
  options.evidence_dir = settings.evidence_dir;
  options.progress = progress.get();
  options.cancel = cancel;
  outcome.assessment = engine::run_check(catalog, profile, options);
  outcome.environment_unreachable = !reachable.get();

  TRY(write_outputs(settings, outcome));
  if (settings.signing.configured()) {
    TRY_ASSIGN(crypto::Identity signer, load_signing_identity(settings.signing));
    TRY_ASSIGN(auto signed_files, sign_workbook(outcome.workbook_path, signer, settings.signing));
    outcome.written.insert(outcome.written.end(), signed_files.begin(), signed_files.end());
    std::string attestation =
        settings.attestation_beside ? outcome.workbook_path + ".intoto.json" : settings.attestation_path;
    if (!attestation.empty()) {
      TRY(report::write_attestation(outcome.assessment, outcome.workbook_path, attestation, signer));
      outcome.written.push_back(attestation);
    }
  }
  return outcome;
}

int exit_code_for(const CheckOutcome& outcome) {
  if (outcome.environment_unreachable || !outcome.assessment.setup_problems.empty()) {
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

} // namespace klarmeld::cli
