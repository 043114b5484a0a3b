#include "taskforce/tally.hpp"

namespace klarmeld::taskforce {

double VerdictCounts::ready_share() const {
  return relevant() == 0 ? 0.0 : static_cast<double>(count(Verdict::Ja)) / static_cast<double>(relevant());
}

void Tally::add_excluded(std::string_view code) {
  if (code == "superseded" || code == "duplicate") {
    ++m_replaced;
  } else if (code == "conflict") {
    ++m_conflicts;
  } else if (code == "incomplete") {
    ++m_incomplete; // listed on its own; the complete klarmelding counts
  } else if (code == rollout_overview_code) {
    ++m_rollout_overviews; // a summary of the municipalities' klarmeldinger, which count on their own
  } else {
    ++m_excluded;
  }
}

void Tally::add(const InspectedFile& file) {
  ++m_accepted;
  if (file.older_catalog) {
    ++m_older_catalog;
  }
  VendorTally& vendor = m_vendors[file.vendor];
  ++vendor.files;
  bool fully_ready = true;
  for (size_t column = 0; column < file.cells.size() && column < m_columns.size(); ++column) {
    Verdict verdict = file.cells[column].klarmeldt;
    m_columns[column].add(verdict);
    vendor.cells.add(verdict);
    fully_ready = fully_ready && (verdict == Verdict::Ja || verdict == Verdict::IkkeRelevant);
  }
  if (fully_ready) {
    ++vendor.fully_ready_files;
  }
}

} // namespace klarmeld::taskforce
