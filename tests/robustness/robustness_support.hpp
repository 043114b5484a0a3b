// Shared helpers for the robustness tests: one test PKI per process, temporary directories, and a
// check run of the real engine against an in-process fixture environment.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "criteria/model/loader.hpp"
#include "engine/run_check.hpp"
#include "fixtures/src/fixture_environment.hpp"
#include "fixtures/src/pki.hpp"
#include "fixtures/src/scenario.hpp"
#include "profile/loader.hpp"

namespace klarmeld::robustness {

inline const fixtures::TestPki& shared_pki() {
  static fixtures::TestPki pki = [] {
    auto generated = fixtures::TestPki::generate();
    REQUIRE(generated.ok());
    return std::move(generated).value();
  }();
  return pki;
}

class TemporaryDirectory {
public:
  TemporaryDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "klarmeld-robustness-XXXXXX").string();
    m_path = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    REQUIRE(!m_path.empty());
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

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

inline constexpr const char* password_variable = "KLARMELD_ROBUSTNESS_P12";
inline constexpr const char* test_password = "robustness-p12-Kodeord!";

// Starts the scenario's environment, writes the PKI and the generated profile into dir, and runs the
// engine as `klarmeld check` does, with a short per-transfer timeout and no retries.
inline CheckRun check_scenario(const std::string& scenario_name, const std::string& dir,
                               std::chrono::milliseconds timeout, engine::RunOptions options = {}) {
  auto scenario = fixtures::load_scenario(scenario_path(scenario_name));
  REQUIRE_MESSAGE(scenario.ok(), (scenario.ok() ? "" : scenario.error().render()));
  auto environment = fixtures::FixtureEnvironment::start(*scenario, shared_pki());
  REQUIRE_MESSAGE(environment.ok(), (environment.ok() ? "" : environment.error().render()));
  REQUIRE(shared_pki().write_out(dir, test_password).ok());
  setenv(password_variable, test_password, 1);
  const std::string profile_path = dir + "/profile.yaml";
  std::ofstream(profile_path) << (*environment)->profile_yaml(dir, password_variable);
  auto profile = profile::load_profile(profile_path);
  REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().render()));
  auto catalog = criteria::load_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria");
  REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error().render()));
  options.concurrency = 4;
  options.connect_timeout = timeout;
  options.total_timeout = timeout;
  options.retries = 0;
  CheckRun run;
  const auto started = std::chrono::steady_clock::now();
  run.assessment = engine::run_check(*catalog, *profile, options);
  run.wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  (*environment)->stop();
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
