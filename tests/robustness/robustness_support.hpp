// Shared helpers for the robustness tests: one test PKI per process, temporary directories, and a
// check run of the real engine against an in-process fixture environment.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "fixtures/src/scenario.hpp"
#include "tests/unit/fixtures/engine_run.hpp"

namespace klarmeld::robustness {

using fixtures::contains;
using fixtures::shared_pki;
using fixtures::TemporaryDirectory;

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A scenario shipped in fixtures/scenarios/ or written for these tests in tests/robustness/scenarios/.
inline std::string scenario_path(const std::string& name) {
  const std::string own = std::string(KLARMELD_TEST_DATA) + "/robustness/scenarios/" + name;
  if (std::filesystem::exists(own)) {
    return own;
  }
  return std::string(KLARMELD_SOURCE_DIR) + "/fixtures/scenarios/" + name;
}

struct CheckRun {
  engine::Assessment assessment;
  std::chrono::milliseconds wall{0};
};

// The scenario's environment, its PKI and generated profile in dir, and the engine run as
// `klarmeld check` does, with `timeout` for connects and transfers.
inline CheckRun check_scenario(const std::string& scenario_name, const std::string& dir,
                               std::chrono::milliseconds timeout, engine::RunOptions options = {}) {
  auto scenario = fixtures::load_scenario(scenario_path(scenario_name));
  REQUIRE_MESSAGE(scenario.ok(), (scenario.ok() ? "" : scenario.error().render()));
  options.concurrency = 4;
  options.connect_timeout = timeout;
  options.total_timeout = timeout;
  CheckRun run;
  run.assessment = fixtures::check_scenario(*scenario, dir, options, &run.wall);
  return run;
}

inline const engine::CriterionOutcome* find_criterion(const engine::Assessment& assessment, const std::string& id) {
  for (const auto& interface : assessment.interfaces) {
    for (const auto& outcome : interface.criteria) {
      if (outcome.criterion_id == id) {
        return &outcome;
      }
    }
  }
  return nullptr;
}

} // namespace klarmeld::robustness
