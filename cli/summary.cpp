#include <algorithm>
#include <iomanip>
#include <iostream>

#include "cli/check_pipeline.hpp"
#include "cli/terminal.hpp"
#include "report/text.hpp"
#include "report/workbook_labels.hpp"

namespace klarmeld::cli {

namespace {

void print_verdict_line(const engine::Assessment& assessment, size_t ready, size_t assessed) {
  std::cout << verdict_headline(assessment) << ": " << ready << " af " << assessed << " vurderede snitflader klarmeldt";
  if (assessment.incomplete) {
    std::cout << " (ufuldstændig kørsel: " << assessment.incomplete_reason << ")";
  }
  std::cout << "\n";
}

// Why the run could not decide: printed even with `-q`, since the verdict line alone would hide it.
void print_run_problems(const CheckOutcome& outcome) {
  for (const auto& problem : outcome.assessment.setup_problems) {
    std::cout << "could not run: " << problem << "\n";
  }
  if (outcome.environment_unreachable) {
    std::cout << "could not run: no endpoint of the test environment accepted a connection\n";
  }
}

std::string status_word(const engine::InterfaceOutcome& interface) {
  return std::string(interface.pending_evidence ? report::danish_labels.pending_evidence
                                                : to_danish(interface.klarmeldt));
}

} // namespace

// The same words as the overview sheet's overall line and the exit code (3 could not run).
std::string_view verdict_headline(const engine::Assessment& assessment) {
  engine::Readiness readiness = assessment.readiness();
  if (assessment.run_state == engine::RunState::CouldNotRun) {
    return "KUNNE IKKE GENNEMFØRES";
  }
  return readiness == engine::Readiness::Ready             ? "KLARMELDT"
         : readiness == engine::Readiness::PendingEvidence ? "AFVENTER DOKUMENTATION"
                                                           : "IKKE KLARMELDT";
}

void print_summary(const CheckOutcome& outcome, bool colour, bool verdict_only) {
  const auto& assessment = outcome.assessment;
  if (verdict_only) {
    // `-q`: the one line a script or a busy reader needs; the exit code says the same.
    size_t assessed = 0;
    size_t ready = 0;
    for (const auto& interface : assessment.interfaces) {
      assessed += interface.assessed ? 1 : 0;
      ready += interface.assessed && interface.klarmeldt == Verdict::Ja ? 1 : 0;
    }
    print_verdict_line(assessment, ready, assessed);
    print_run_problems(outcome);
    return;
  }
  std::cout << assessment.vendor_name << " · " << assessment.system_name << " " << assessment.system_version << " · "
            << assessment.municipality_name << " (" << assessment.municipality_code << ")\n";
  std::cout << "catalog " << assessment.catalog_identity << " " << assessment.catalog_version << " sha256 "
            << assessment.catalog_sha256 << "\n";
  size_t ready = 0;
  size_t assessed = 0;
  // The counts start in one column whatever the words are ("Afventer dokumentation" is the longest).
  size_t word_width = 0;
  for (const auto& interface : assessment.interfaces) {
    word_width = std::max(word_width, report::count_code_points(status_word(interface)));
  }
  for (const auto& interface : assessment.interfaces) {
    size_t ja = 0;
    for (const auto& criterion : interface.criteria) {
      ja += criterion.verdict == Verdict::Ja ? 1 : 0;
    }
    std::string word = status_word(interface);
    std::cout << "  " << std::left << std::setw(10) << interface.id << " " << paint_verdict(word, colour);
    if (interface.assessed) {
      ++assessed;
      ready += interface.klarmeldt == Verdict::Ja ? 1 : 0;
      std::cout << std::string(word_width + 1 - report::count_code_points(word), ' ') << ja << "/"
                << interface.criteria.size() << " kriterier opfyldt";
    }
    std::cout << "\n";
  }
  print_verdict_line(assessment, ready, assessed);
  print_run_problems(outcome);
  for (const auto& file : outcome.written) {
    std::cout << "wrote " << file << "\n";
  }
}

} // namespace klarmeld::cli
