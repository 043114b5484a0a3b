// A progress sink that writes down what the runner told it, for tests of run_check and run_rollout.
#pragma once

#include <string>
#include <vector>

#include "engine/progress.hpp"

namespace klarmeld::test {

class RecordingProgress final : public engine::ProgressSink {
public:
  void started(size_t count) override { total = count; }
  // "<municipality>|<interface> <criterion> <verdict>"; the municipality is empty for a shared result.
  void criterion_done(const std::string& interface_id, const engine::CriterionOutcome& outcome,
                      const std::string& municipality) override {
    done.push_back(municipality + "|" + interface_id + " " + outcome.criterion_id + " " +
                   std::string(to_key(outcome.verdict)));
  }
  void finished(const engine::Assessment&) override { finished_calls++; }
  size_t total = 0;
  std::vector<std::string> done;
  int finished_calls = 0;
};

} // namespace klarmeld::test
