#include "bench/engine/workbook_bench.hpp"

#include <cstdio>
#include <filesystem>

#include "bench/engine/stopwatch.hpp"
#include "engine/assessment.hpp"
#include "report/xlsx_writer.hpp"
#include "sign/opc_signer.hpp"
#include "util/time.hpp"

namespace klarmeld::bench {
namespace {

engine::CriterionOutcome synthetic_outcome(const criteria::Criterion& criterion, size_t index) {
  engine::CriterionOutcome outcome;
  outcome.criterion_id = criterion.id;
  outcome.number = criterion.number;
  outcome.text_da = criterion.text_da;
  outcome.text_en = criterion.text_en;
  outcome.required = criterion.required;
  outcome.verdict = index % 7 == 3 ? Verdict::Nej : index % 11 == 5 ? Verdict::IkkeTestet : Verdict::Ja;
  outcome.method = criterion.is_manual() ? "manual" : "probe:" + criterion.probe->type;
  outcome.reason = outcome.verdict == Verdict::Ja ? "StandardRetur StatusKode 20 as expected"
                                                  : "the service answered a SOAP fault (HTTP 500): soap:Receiver";
  outcome.decided_at = iso8601_utc(Clock::now());
  outcome.duration_ms = static_cast<std::int64_t>(50 + index % 90);
  outcome.evidence_ref = "evidence/" + criterion.id + ".txt";
  outcome.evidence_sha256 = std::string(64, 'a');
  outcome.facts = {{"url", "https://127.0.0.1:44321/organisation/virksomhed/6/"},
                   {"assertion_id", "_0123456789abcdef0123456789abcdef"},
                   {"status_kode", "20"}};
  if (index % 9 == 0) {
    outcome.warnings.push_back("the server certificate expires in 21 days");
  }
  return outcome;
}

engine::Assessment synthetic_assessment(const criteria::Catalog& catalog) {
  engine::Assessment assessment;
  assessment.vendor_name = "Eksempel Software A/S";
  assessment.vendor_cvr = "12345674";
  assessment.system_name = "Sagsbehandler Pro";
  assessment.system_version = "4.2";
  assessment.municipality_name = "Aarhus";
  assessment.municipality_code = 751;
  assessment.catalog_identity = catalog.identity;
  assessment.catalog_version = catalog.version;
  assessment.catalog_sha256 = std::string(64, 'b');
  assessment.profile_sha256 = std::string(64, 'c');
  assessment.tool_identity = "klarmeld bench";
  assessment.started_at = assessment.finished_at = iso8601_utc(Clock::now());
  size_t index = 0;
  for (const auto& interface : catalog.interfaces) {
    engine::InterfaceOutcome outcome;
    outcome.id = interface.id;
    outcome.name_da = interface.name_da;
    outcome.name_en = interface.name_en;
    outcome.declaration = profile::SelfDeclaration::Anvendes;
    bool all_ja = true;
    for (const auto& criterion : interface.criteria) {
      outcome.criteria.push_back(synthetic_outcome(criterion, index++));
      all_ja = all_ja && outcome.criteria.back().verdict == Verdict::Ja;
    }
    outcome.klarmeldt = all_ja ? Verdict::Ja : Verdict::Nej;
    outcome.remarks = all_ja ? "" : "Mangler: se kriterierne markeret Nej";
    assessment.interfaces.push_back(std::move(outcome));
  }
  return assessment;
}

} // namespace

Result<double> run_workbook_bench(const criteria::Catalog& catalog, const fixtures::TestPki& pki,
                                  const std::string& directory, int runs) {
  engine::Assessment assessment = synthetic_assessment(catalog);
  size_t criteria_count = 0;
  for (const auto& interface : assessment.interfaces) {
    criteria_count += interface.criteria.size();
  }
  std::printf("\n[3] write + sign one readiness workbook (%zu interfaces, %zu criteria), %d runs\n",
              assessment.interfaces.size(), criteria_count, runs);
  std::vector<double> write_samples, sign_samples, total_samples;
  std::string path = directory + "/bench-workbook.xlsx";
  for (int i = 0; i < runs; ++i) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    std::filesystem::remove(path + ".p7s", ignored);
    Stopwatch watch;
    TRY(report::write_readiness_workbook(assessment, path));
    write_samples.push_back(watch.elapsed_ms());
    Stopwatch sign_watch;
    TRY(sign::sign_file(path, pki.vendor_system, sign::SignOptions{}));
    sign_samples.push_back(sign_watch.elapsed_ms());
    total_samples.push_back(watch.elapsed_ms());
  }
  double total = median(total_samples);
  std::printf("  medians: write %.1f ms, sign (OPC + CAdES) %.1f ms; size %ju bytes\n", median(write_samples),
              median(sign_samples), static_cast<std::uintmax_t>(std::filesystem::file_size(path)));
  std::printf("  RESULT write + sign (median) %.1f ms (target <= 100 ms: %s)\n", total,
              total <= 100 ? "met" : "MISSED");
  return total;
}

} // namespace klarmeld::bench
