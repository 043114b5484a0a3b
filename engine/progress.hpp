// Where a run reports progress. The runner serialises calls, so sinks need not be thread-safe.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>

#include "engine/assessment.hpp"

namespace klarmeld::engine {

class ProgressSink {
public:
  virtual ~ProgressSink() = default;
  virtual void started(size_t total) = 0; // criteria to decide in assessed interfaces
  // `municipality`: in a rollout, the municipality a result belongs to; empty where one result answers
  // for every municipality (docs/rollout.md) and in a check of one municipality.
  virtual void criterion_done(const std::string& interface_id, const CriterionOutcome& outcome,
                              const std::string& municipality) = 0;
  // Once per assessment: a rollout ends with one per municipality.
  virtual void finished(const Assessment& assessment) = 0;
};

enum class Verbosity { Quiet, Normal, Verbose };

// A redrawn bar on a terminal: done/total, current interface, failures so far.
std::unique_ptr<ProgressSink> make_bar_progress(std::ostream& out, Verbosity verbosity);
// One line per decided criterion (logs, CI).
std::unique_ptr<ProgressSink> make_line_progress(std::ostream& out, Verbosity verbosity);
// The bar when `fd` is a terminal, TERM is not "dumb" and CI is not set in the environment, else lines.
std::unique_ptr<ProgressSink> make_progress_for(int fd, std::ostream& out, Verbosity verbosity);

} // namespace klarmeld::engine
