#include <iomanip>
#include <iostream>

#include "cli/check_pipeline.hpp"
#include "cli/terminal.hpp"

namespace klarmeld::cli {

void print_summary(const CheckOutcome& outcome, bool colour) {
  const auto& assessment = outcome.assessment;
  std::cout << assessment.vendor_name << " · " << assessment.system_name << " " << assessment.system_version << " · "
            << assessment.municipality_name << " (" << assessment.municipality_code << ")\n";
  std::cout << "catalog " << assessment.catalog_identity << " " << assessment.catalog_version << " sha256 "
            << assessment.catalog_sha256 << "\n";
  size_t ready = 0;
  size_t assessed = 0;
  for (const auto& interface : assessment.interfaces) {
    size_t ja = 0;
    for (const auto& criterion : interface.criteria) {
      ja += criterion.verdict == Verdict::Ja ? 1 : 0;
    }
    std::string word(interface.pending_evidence ? "Afventer dokumentation" : to_danish(interface.klarmeldt));
    std::cout << "  " << std::left << std::setw(10) << interface.id << " " << paint_verdict(word, colour);
    if (interface.assessed) {
      ++assessed;
      ready += interface.klarmeldt == Verdict::Ja ? 1 : 0;
      std::cout << std::string(word.size() < 14 ? 14 - word.size() : 1, ' ') << ja << "/" << interface.criteria.size()
                << " kriterier opfyldt";
    }
    std::cout << "\n";
  }
  engine::Readiness readiness = assessment.readiness();
  // The same words as the overview sheet's overall line and the exit code (3 could not run).
  bool could_not_run = assessment.run_state == engine::RunState::CouldNotRun;
  std::cout << (could_not_run                                     ? "KUNNE IKKE GENNEMFØRES"
                : readiness == engine::Readiness::Ready           ? "KLARMELDT"
                : readiness == engine::Readiness::PendingEvidence ? "AFVENTER DOKUMENTATION"
                                                                  : "IKKE KLARMELDT")
            << ": " << ready << " af " << assessed << " vurderede snitflader klarmeldt";
  if (assessment.incomplete) {
    std::cout << " (ufuldstændig kørsel: " << assessment.incomplete_reason << ")";
  }
  std::cout << "\n";
  for (const auto& problem : assessment.setup_problems) {
    std::cout << "could not run: " << problem << "\n";
  }
  if (outcome.environment_unreachable) {
    std::cout << "could not run: no endpoint of the test environment accepted a connection\n";
  }
  for (const auto& file : outcome.written) {
    std::cout << "wrote " << file << "\n";
  }
}

} // namespace klarmeld::cli
