// `klarmeld check` over several municipalities (issue #19, docs/rollout.md): which ones, the output
// set (one readiness workbook per municipality plus the rollout overview) and the summary.
#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <future>
#include <iostream>
#include <thread>

#include "cli/check_pipeline.hpp"
#include "profile/municipalities.hpp"
#include "report/json_text.hpp"
#include "report/junit_writer.hpp"
#include "report/rollout_overview.hpp"
#include "report/xlsx_writer.hpp"
#include "sign/cades.hpp"
#include "sign/detached_signatures.hpp"

namespace klarmeld::cli {
namespace {

Error usage(std::string code, std::string message) {
  return Error{ErrorKind::Usage, std::move(code), std::move(message), std::nullopt};
}

// A code ("461") or a name in any form find_municipality accepts ("Odense", "odense kommune").
const profile::Municipality* named(const std::string& asked) {
  bool digits = !asked.empty() && std::all_of(asked.begin(), asked.end(),
                                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  return digits && asked.size() <= 3 ? profile::find_municipality(std::stoi(asked)) : profile::find_municipality(asked);
}

} // namespace

Result<std::vector<profile::MunicipalityEntry>> select_municipalities(const profile::Profile& profile,
                                                                      const std::vector<std::string>& asked) {
  if (asked.empty()) {
    return profile.municipalities; // the profile's list, or none: the pilot alone
  }
  // The pilot and the list: the municipalities whose CVR (the token's CVR claim) the profile gives.
  std::vector<profile::MunicipalityEntry> known{
      {profile.municipality_name, profile.municipality_code, profile.municipality_cvr}};
  for (const auto& entry : profile.municipalities) {
    if (entry.code != profile.municipality_code) {
      known.push_back(entry);
    }
  }
  if (std::find(asked.begin(), asked.end(), "all") != asked.end()) {
    return known;
  }
  std::vector<profile::MunicipalityEntry> chosen;
  for (const std::string& one : asked) {
    const profile::Municipality* municipality = named(one);
    if (municipality == nullptr) {
      return usage("usage.unknown-municipality",
                   "--kommune " + one + ": not a kommunekode or the name of one of the 98 municipalities");
    }
    auto found = std::find_if(known.begin(), known.end(), [&](const profile::MunicipalityEntry& entry) {
      return entry.code == municipality->code;
    });
    if (found == known.end()) {
      return usage("usage.municipality-not-in-profile",
                   "--kommune " + one + ": " + std::string(municipality->name) +
                       " is neither the profile's pilot_municipality nor in its municipalities: list, which "
                       "gives the CVR the tokens are asked for with");
    }
    bool twice = std::any_of(chosen.begin(), chosen.end(),
                             [&](const profile::MunicipalityEntry& entry) { return entry.code == found->code; });
    if (!twice) {
      chosen.push_back(*found);
    }
  }
  return chosen;
}

namespace {

using Companions = std::vector<std::pair<std::string, std::string>>;

// The rollout's JSON and JUnit (path, bytes): every municipality's criteria, ≈ 26 MB of JSON for 98.
Companions render_companions(const CheckSettings& settings, const report::RolloutOverview& overview,
                             const std::vector<engine::Assessment>& assessments) {
  Companions companions;
  if (!settings.junit_path.empty()) {
    companions.emplace_back(settings.junit_path, report::render_junit(assessments, settings.language));
  }
  if (!settings.json_path.empty()) {
    companions.emplace_back(settings.json_path, report::render_rollout_json(overview, assessments));
  }
  return companions;
}

// One workbook per municipality, in the set in municipality order. libxlsxwriter writes one at a
// time (it formats the document's dates with gmtime(3), which is not thread-safe), and each written
// workbook is signed on a spare core while the next is written: writing and signing 98 one after the
// other was most of a rollout's time after its run (docs/performance.md §6).
Status add_municipality_workbooks(OutputSet& set, const CheckSettings& settings, const std::filesystem::path& folder,
                                  const std::vector<engine::Assessment>& assessments, bool attest,
                                  const crypto::Identity* signer) {
  struct Written {
    std::string path;
    std::string attestation;
    std::future<Result<Vouching>> vouching; // none when unsigned
  };
  std::deque<Written> signing;
  const size_t spare_cores = std::max(1U, std::thread::hardware_concurrency()) - 1;
  auto finish_oldest = [&]() -> Status {
    Written oldest = std::move(signing.front());
    signing.pop_front();
    if (!oldest.vouching.valid()) {
      return add_vouching(set, settings, oldest.path, nullptr, oldest.attestation);
    }
    TRY_ASSIGN(Vouching vouching, oldest.vouching.get());
    return add_vouching(set, settings, oldest.path, &vouching, oldest.attestation);
  };
  for (const engine::Assessment& assessment : assessments) {
    Written written{(folder / report::default_workbook_name(assessment)).string(), {}, {}};
    written.attestation = attest ? sign::attestation_path(written.path) : std::string();
    TRY_ASSIGN(TemporaryFile * workbook, set.add(written.path, OutputRole::Primary));
    TRY(report::write_readiness_workbook_at(assessment, workbook->path(), settings.language));
    if (signer != nullptr) {
      // async | deferred: where no thread can be started, get() signs it on this one.
      written.vouching =
          std::async(std::launch::async | std::launch::deferred, [workbook, &settings, path = written.path, &assessment,
                                                                  attestation = written.attestation, signer] {
            return sign_written_workbook(*workbook, settings, path, &assessment, attestation, *signer);
          });
    }
    signing.push_back(std::move(written));
    while (signing.size() > spare_cores) {
      TRY(finish_oldest());
    }
  }
  while (!signing.empty()) {
    TRY(finish_oldest());
  }
  return Ok{};
}

} // namespace

Status write_rollout_outputs(const CheckSettings& settings, CheckOutcome& outcome, const crypto::Identity* signer) {
  const std::vector<engine::Assessment>& assessments = outcome.rollout;
  report::RolloutOverview overview = report::build_rollout_overview(assessments, settings.language);
  // Rendered on another core while the workbooks are written.
  std::future<Companions> companions = std::async(std::launch::async | std::launch::deferred,
                                                  [&] { return render_companions(settings, overview, assessments); });
  // --out names the overview workbook; each municipality's workbook goes beside it under its default
  // name, which names the municipality.
  std::filesystem::path overview_path =
      settings.out_path.empty()
          ? std::filesystem::path(settings.out_dir) / report::default_rollout_name(assessments.front())
          : std::filesystem::path(settings.out_path);
  std::filesystem::path folder = overview_path.parent_path();
  std::string html_path = std::filesystem::path(overview_path).replace_extension(".html").string();
  std::string html = report::render_rollout_html(overview, settings.language);

  OutputSet set(overview_path.string());
  TRY(add_signed_workbook(
      set, settings, overview_path.string(),
      [&](const std::string& at) { return report::write_rollout_workbook_at(overview, at, settings.language); },
      {{html_path, html}}, nullptr, "", signer));
  // The HTML is signed like the workbooks' detached signatures: CAdES over its exact bytes.
  std::string html_signature = sign::cades_path(html_path);
  if (signer != nullptr && settings.signing.cades) {
    TRY_ASSIGN(std::string cades, sign::create_detached_cades(html, *signer));
    TRY(set.add(html_signature, OutputRole::Vouching, cades));
  } else {
    set.remove_stale(html_signature);
  }
  bool attest = settings.attestation_beside || !settings.attestation_path.empty();
  TRY(add_municipality_workbooks(set, settings, folder, assessments, attest, signer));
  for (const auto& [target, content] : companions.get()) {
    TRY(set.add(target, OutputRole::Companion, content));
  }
  TRY_ASSIGN(std::vector<std::string> written, set.commit());
  outcome.workbook_path = overview_path.string();
  outcome.written.insert(outcome.written.end(), written.begin(), written.end());
  return Ok{};
}

void print_rollout_summary(const CheckOutcome& outcome) {
  const engine::Assessment& first = outcome.rollout.front();
  std::cout << first.vendor_name << " · " << first.system_name << " " << first.system_version << " · "
            << outcome.rollout.size() << " kommuner (" << outcome.token_requests << " STS-kald)\n";
  for (const engine::Assessment& assessment : outcome.rollout) {
    size_t assessed = 0;
    size_t ready = 0;
    std::string not_ready;
    for (const auto& interface : assessment.interfaces) {
      assessed += interface.assessed ? 1 : 0;
      ready += interface.assessed && interface.klarmeldt == Verdict::Ja ? 1 : 0;
      if (interface.assessed && interface.klarmeldt == Verdict::Nej) {
        not_ready += " " + interface.id;
      }
    }
    std::cout << "  " << assessment.municipality_name << " (" << assessment.municipality_code
              << "): " << verdict_headline(assessment) << " — " << ready << " af " << assessed << " klarmeldt";
    if (!not_ready.empty()) {
      std::cout << "; Nej:" << not_ready;
    }
    if (assessment.incomplete) {
      std::cout << " (ufuldstændig kørsel: " << assessment.incomplete_reason << ")";
    }
    std::cout << "\n";
  }
  for (const auto& file : outcome.written) {
    std::cout << "wrote " << file << "\n";
  }
}

} // namespace klarmeld::cli
