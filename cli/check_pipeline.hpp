// The main job shared by `klarmeld check` and `klarmeld demo`: load → run → write outputs → sign.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/identity.hpp"
#include "engine/assessment.hpp"
#include "engine/progress.hpp"
#include "engine/run_options.hpp"
#include "report/language.hpp"
#include "util/output_set.hpp"
#include "util/result.hpp"

namespace CLI {
class App;
}

namespace klarmeld::cli {

struct SigningSettings {
  std::string p12;           // --sign-p12
  std::string password_env;  // --sign-password-env (a NAME)
  std::string password_file; // --sign-password-file
  std::string key_pem;       // --sign-key
  std::string cert_pem;      // --sign-cert
  bool cades = true;         // detached FILE.xlsx.p7s next to the workbook

  bool configured() const { return !p12.empty() || !key_pem.empty(); }
};

struct CheckSettings {
  std::string profile_path;
  std::string criteria_dir; // empty: resolve_catalog_dir
  std::string out_path;     // empty: default name in out_dir
  std::string out_dir = ".";
  std::string junit_path;
  std::string json_path;
  std::string evidence_dir;
  std::string attestation_path;    // --attestation FILE
  bool attestation_beside = false; // write FILE.xlsx.intoto.json, where `klarmeld verify` looks for it
  std::vector<std::string> only;
  std::vector<std::string> municipalities; // --kommune: codes, names or "all" (docs/rollout.md)
  report::Language language = report::Language::Danish;
  int concurrency = engine::default_concurrency; // requests in flight in all
  int per_host = engine::default_per_host;       // connections and requests in flight per host
  double rate = 20; // requests started per second per host (0: no limit); spares KOMBIT's shared test hosts
  int retries = 2;  // idempotent requests only
  int timeout_seconds = 30;
  engine::Verbosity verbosity = engine::Verbosity::Normal;
  SigningSettings signing;
  bool sign_incomplete = false; // --sign-incomplete: also sign a partial, interrupted or could-not-run result
};

struct CheckOutcome {
  engine::Assessment assessment;
  std::string workbook_path;
  std::vector<std::string> written; // every file written, in order
  bool environment_unreachable = false;
  // A rollout (several municipalities): one assessment each, in the order checked; `assessment` is
  // the first of them. Empty for a check of one municipality.
  std::vector<engine::Assessment> rollout;
  int token_requests = 0; // a rollout's STS calls (one per entityID and CVR)
};

// Input problems come back as errors (nothing written). A run always writes its outputs, also when
// interrupted; `cancel` is the flag a SIGINT handler sets.
Result<CheckOutcome> run_check_pipeline(const CheckSettings& settings, const std::atomic<bool>* cancel);

// 0 ready, 1 not ready, 3 could not run, 5 evidence pending (cli/exit_codes.hpp); a signal's own
// code (130, 143) is the caller's. A rollout's is the worst over its municipalities: 3, then 1, 5, 0.
int exit_code_for(const CheckOutcome& outcome);

// The options of `check` (also used by `demo` for the parts that apply).
void add_check_options(CLI::App& command, CheckSettings& settings, std::string& only, std::string& lang, bool& quiet,
                       bool& verbose);

// "KLARMELDT", "AFVENTER DOKUMENTATION", "IKKE KLARMELDT" or "KUNNE IKKE GENNEMFØRES": what the exit
// code says, for the summary's last line and each municipality's line of a rollout.
std::string_view verdict_headline(const engine::Assessment& assessment);

// The readiness table on stdout, one line per interface, and the files written.
void print_summary(const CheckOutcome& outcome, bool colour, bool verdict_only = false);

// The pieces the rollout's outputs (cli/rollout_outputs.cpp) share with a single check's.
// A workbook written by `write` into the set at `path`, signed when `signer` is given (XAdES, the
// detached CAdES unless --no-cades, and an attestation of `attested` at `attestation` when both are
// given); `companions` (path, bytes) are added right after it. Stale signatures are removed.
// The same as sign_written_workbook and add_vouching after writing it.
Status add_signed_workbook(OutputSet& set, const CheckSettings& settings, const std::string& path,
                           const std::function<Status(const std::string&)>& write,
                           const std::vector<std::pair<std::string, std::string>>& companions,
                           const engine::Assessment* attested, const std::string& attestation,
                           const crypto::Identity* signer);

// What vouches for a signed workbook's bytes: its detached CAdES and its attestation (empty: none).
struct Vouching {
  std::string cades;
  std::string attestation;
};
// Signs the workbook written to `workbook` (its temporary in a set, bound for `path`) in place and
// makes what vouches for it. It touches that file alone, so the workbooks of one set can be signed
// on several threads while the set itself is changed on one.
Result<Vouching> sign_written_workbook(TemporaryFile& workbook, const CheckSettings& settings, const std::string& path,
                                       const engine::Assessment* attested, const std::string& attestation,
                                       const crypto::Identity& signer);
// Adds what vouches for the workbook at `path` (nullptr: it is not signed) and removes the files that
// vouched for its previous bytes.
Status add_vouching(OutputSet& set, const CheckSettings& settings, const std::string& path, const Vouching* vouching,
                    const std::string& attestation);
// The municipalities --kommune (or the profile's `municipalities:`) asks for; empty: the pilot alone.
Result<std::vector<profile::MunicipalityEntry>> select_municipalities(const profile::Profile& profile,
                                                                      const std::vector<std::string>& asked);
// The rollout's set: each municipality's workbook (signed, with its .p7s and attestation), the
// overview workbook and HTML (signed), the rollout JSON and JUnit, committed as one output set.
Status write_rollout_outputs(const CheckSettings& settings, CheckOutcome& outcome, const crypto::Identity* signer);
void print_rollout_summary(const CheckOutcome& outcome);

} // namespace klarmeld::cli
