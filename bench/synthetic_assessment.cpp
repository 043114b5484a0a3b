#include "bench/synthetic_assessment.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

#include "profile/cvr.hpp"
#include "profile/municipalities.hpp"

namespace klarmeld::bench {
namespace {

// splitmix64: a small, well-mixed deterministic generator, so no global random state is involved.
std::uint64_t mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

// A valid CVR (modulus 11) per vendor, so every vendor is its own identity to aggregate.
std::string vendor_cvr(std::size_t vendor) {
  for (std::size_t candidate = 10000000 + vendor * 1000;; ++candidate) {
    std::string cvr = std::to_string(candidate);
    if (profile::is_valid_cvr(cvr)) {
      return cvr;
    }
  }
}

// Among equal identities the newest counts; give each file its own minute (index order = age).
std::string finished_at(std::size_t index) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-10-%02zuT%02zu:%02zu:00Z", 1 + index / 1440 % 28, index / 60 % 24, index % 60);
  return text;
}

std::string two_digits(std::size_t number) {
  return (number < 10 ? "0" : "") + std::to_string(number);
}

Verdict pick_verdict(std::uint64_t roll) {
  unsigned percent = static_cast<unsigned>(roll % 100);
  return percent < 88 ? Verdict::Ja : (percent < 95 ? Verdict::Nej : Verdict::IkkeTestet);
}

void settle_interface(engine::InterfaceOutcome& interface) {
  bool all_ja = true;
  for (const engine::CriterionOutcome& criterion : interface.criteria) {
    all_ja = all_ja && (!criterion.required || criterion.verdict == Verdict::Ja);
  }
  interface.klarmeldt = all_ja ? Verdict::Ja : Verdict::Nej;
  interface.remarks = all_ja ? "" : "Ikke alle krav er opfyldt.";
}

engine::CriterionOutcome synthetic_criterion(const criteria::Criterion& source, std::uint64_t roll) {
  engine::CriterionOutcome criterion;
  criterion.criterion_id = source.id;
  criterion.number = source.number;
  criterion.text_da = source.text_da;
  criterion.text_en = source.text_en;
  criterion.required = source.required;
  criterion.published = source.source == criteria::TextSource::Published;
  criterion.verdict = pick_verdict(roll);
  criterion.method = source.probe ? "probe:" + source.probe->type : "manual";
  criterion.reason = criterion.verdict == Verdict::Ja    ? "Prøven bestod."
                     : criterion.verdict == Verdict::Nej ? "Svaret havde StatusKode 40 <Fejl> & afvist."
                                                         : "Ingen dokumentation endnu.";
  criterion.decided_at = criterion.verdict == Verdict::IkkeTestet ? "" : "2026-10-01T10:00:00Z";
  criterion.duration_ms = static_cast<std::int64_t>(roll % 900);
  return criterion;
}

} // namespace

engine::Assessment synthetic_assessment(const criteria::Catalog& catalog, std::size_t index) {
  engine::Assessment assessment;
  std::size_t vendor = index % 46;
  assessment.vendor_name = "Leverandør " + two_digits(vendor + 1) + " A/S";
  assessment.vendor_cvr = vendor_cvr(vendor);
  assessment.system_name = "System " + std::string(1, static_cast<char>('A' + (index / 46) % 5));
  assessment.system_version = std::to_string(1 + index % 4) + ".0";
  // 46 vendors x 5 systems x 98 municipalities: distinct (vendor, system, municipality) up to 22 540
  // files, so aggregate counts every file of a bench run.
  const auto& all = profile::municipalities();
  const profile::Municipality& municipality = all[(index / 230) % all.size()];
  assessment.municipality_name = std::string(municipality.name);
  assessment.municipality_code = municipality.code;
  assessment.catalog_identity = catalog.identity;
  assessment.catalog_version = catalog.version;
  assessment.catalog_sha256 = catalog.sha256;
  assessment.profile_sha256 = std::string(64, 'a');
  assessment.tool_identity = "klarmeld bench";
  assessment.finished_at = finished_at(index);
  assessment.started_at = assessment.finished_at;
  std::uint64_t state = mix(index);
  for (const criteria::Interface& source : catalog.interfaces) {
    engine::InterfaceOutcome interface;
    interface.id = source.id;
    interface.name_da = source.name_da;
    interface.name_en = source.name_en;
    state = mix(state);
    bool relevant = state % 10 != 0;
    interface.declaration = relevant ? profile::SelfDeclaration::Anvendes : profile::SelfDeclaration::IkkeRelevant;
    interface.assessed = relevant;
    for (const criteria::Criterion& criterion : source.criteria) {
      state = mix(state);
      interface.criteria.push_back(synthetic_criterion(criterion, state));
      if (!relevant) {
        interface.criteria.back().verdict = Verdict::IkkeRelevant;
        interface.criteria.back().reason = "Erklæret ikke relevant.";
      }
    }
    if (relevant) {
      settle_interface(interface);
    } else {
      interface.klarmeldt = Verdict::IkkeRelevant;
    }
    assessment.interfaces.push_back(std::move(interface));
  }
  return assessment;
}

void set_interface_verdict(engine::Assessment& assessment, const std::string& interface_id, Verdict verdict) {
  for (engine::InterfaceOutcome& interface : assessment.interfaces) {
    if (interface.id != interface_id) {
      continue;
    }
    bool relevant = verdict != Verdict::IkkeRelevant;
    interface.assessed = relevant;
    interface.declaration = relevant ? profile::SelfDeclaration::Anvendes : profile::SelfDeclaration::IkkeRelevant;
    for (engine::CriterionOutcome& criterion : interface.criteria) {
      criterion.verdict = verdict;
    }
    interface.klarmeldt = verdict;
  }
}

} // namespace klarmeld::bench
