// Running counts for the summary sheets and the bar chart: per interface (column) and per vendor.
// Their size depends on the number of interfaces and vendors, never on the number of files.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "taskforce/file_inspection.hpp"

namespace klarmeld::taskforce {

struct VerdictCounts {
  std::array<long, 4> by_verdict{}; // indexed by Verdict

  void add(Verdict verdict) { ++by_verdict[static_cast<size_t>(verdict)]; }
  long count(Verdict verdict) const { return by_verdict[static_cast<size_t>(verdict)]; }
  long total() const { return by_verdict[0] + by_verdict[1] + by_verdict[2] + by_verdict[3]; }
  // The cells where the interface is relevant: all but Ikke relevant.
  long relevant() const { return total() - count(Verdict::IkkeRelevant); }
  // Share of Ja among the relevant cells (Ikke relevant does not count against); 0 when there are none.
  double ready_share() const;
};

struct VendorTally {
  long files = 0;
  long fully_ready_files = 0; // every relevant interface Ja
  VerdictCounts cells;
};

class Tally {
public:
  explicit Tally(size_t columns) : m_columns(columns) {}
  void add(const InspectedFile& file);
  // A file not counted, by its exclusion code: a failed check (unsigned, invalid, untrusted,
  // unreadable), a replaced klarmelding (superseded, duplicate) or the losing side of a conflict.
  void add_excluded(std::string_view code);

  const std::vector<VerdictCounts>& columns() const { return m_columns; }
  const std::map<std::string, VendorTally>& vendors() const { return m_vendors; }
  long accepted() const { return m_accepted; }
  long excluded() const { return m_excluded; }     // failed checks
  long replaced() const { return m_replaced; }     // superseded by a newer klarmelding, or a duplicate of one
  long conflicts() const { return m_conflicts; }   // same time, different content: the file not counted
  long incomplete() const { return m_incomplete; } // a newer partial/interrupted run beside a complete one
  long older_catalog() const { return m_older_catalog; }
  long rollout_overviews() const { return m_rollout_overviews; } // summaries beside the workbooks they sum up

private:
  std::vector<VerdictCounts> m_columns;
  std::map<std::string, VendorTally> m_vendors;
  long m_accepted = 0;
  long m_excluded = 0;
  long m_replaced = 0;
  long m_conflicts = 0;
  long m_incomplete = 0;
  long m_older_catalog = 0;
  long m_rollout_overviews = 0;
};

} // namespace klarmeld::taskforce
