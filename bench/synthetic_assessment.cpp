#include "bench/synthetic_assessment.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace klarmeld::bench {
namespace {

struct Municipality {
  const char* name;
  int code;
};

constexpr std::array<Municipality, 10> municipalities{{{"Aarhus", 751},
                                                       {"København", 101},
                                                       {"Odense", 461},
                                                       {"Aalborg", 851},
                                                       {"Esbjerg", 561},
                                                       {"Vejle", 630},
                                                       {"Randers", 730},
                                                       {"Viborg", 791},
                                                       {"Kolding", 621},
                                                       {"Silkeborg", 740}}};

// splitmix64: a small, well-mixed deterministic generator, so no global random state is involved.
std::uint64_t mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
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
  assessment.vendor_cvr = "12345674";
  assessment.system_name = "System " + std::string(1, static_cast<char>('A' + (index / 46) % 5));
  assessment.system_version = std::to_string(1 + index % 4) + ".0";
  const Municipality& municipality = municipalities[(index / 230) % municipalities.size()];
  assessment.municipality_name = municipality.name;
  assessment.municipality_code = municipality.code;
  assessment.catalog_identity = catalog.identity;
  assessment.catalog_version = catalog.version;
  assessment.catalog_sha256 = catalog.sha256;
  assessment.profile_sha256 = std::string(64, 'a');
  assessment.tool_identity = "klarmeld bench";
  assessment.started_at = "2026-10-01T10:00:00Z";
  assessment.finished_at = "2026-10-01T10:05:00Z";
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
