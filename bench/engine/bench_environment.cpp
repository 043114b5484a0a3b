#include "bench/engine/bench_environment.hpp"

#include <cstdlib>
#include <filesystem>

#include <openssl/pem.h>
#include <sys/stat.h>

#include "criteria/model/loader.hpp"
#include "crypto/handles.hpp"
#include "crypto/random.hpp"
#include "profile/cvr.hpp"
#include "profile/loader.hpp"
#include "profile/municipalities.hpp"
#include "util/files.hpp"

namespace klarmeld::bench {
namespace {

Result<std::string> private_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "klarmeld-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return runtime_error("bench.tmp", "cannot create a temporary directory");
  }
  return pattern;
}

// Unencrypted PEM, mode 0600, in the private directory (removed at exit): what a vendor's script
// would be configured with.
Status write_private_key(const crypto::Identity& identity, const std::string& path) {
  crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), identity.key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return internal_error("bench.key", "cannot serialise the vendor key");
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  TRY(write_file_atomically(path, std::string(data, static_cast<size_t>(size))));
  if (chmod(path.c_str(), S_IRUSR | S_IWUSR) != 0) {
    return runtime_error("bench.key", "cannot restrict permissions of " + path);
  }
  return Ok{};
}

// A CVR that passes the modulus-11 check, made from the kommunekode (not the municipality's real CVR,
// which the simulator does not need: it only matches agreements and tokens by it).
std::string synthetic_cvr(int code) {
  for (int tail = 0; tail < 1000; ++tail) {
    std::string cvr = std::to_string(30000000 + code * 1000 + tail).substr(0, 8);
    if (profile::is_valid_cvr(cvr)) {
      return cvr;
    }
  }
  return "";
}

void add_municipalities(fixtures::Scenario& scenario, int count) {
  std::vector<fixtures::ServiceAgreement> pilot = scenario.agreements;
  int added = 1; // the pilot
  for (const profile::Municipality& municipality : profile::municipalities()) {
    if (added >= count) {
      break;
    }
    if (municipality.code == scenario.municipality_code) {
      continue;
    }
    std::string cvr = synthetic_cvr(municipality.code);
    for (fixtures::ServiceAgreement agreement : pilot) {
      agreement.cvr = cvr;
      scenario.agreements.push_back(agreement);
    }
    scenario.organisations.push_back({cvr, "8f1b2c3d-0000-4000-8000-000000000" + std::to_string(municipality.code),
                                      profile::official_name(municipality)});
    ++added;
  }
}

} // namespace

Result<std::unique_ptr<BenchEnvironment>> BenchEnvironment::create() {
  TRY_ASSIGN(auto pki, fixtures::TestPki::generate());
  TRY_ASSIGN(std::string directory, private_directory());
  std::string password = crypto::random_password();
  setenv(password_variable, password.c_str(), 1);
  TRY(pki.write_out(directory, password));
  std::unique_ptr<BenchEnvironment> environment(new BenchEnvironment(std::move(pki), directory));
  TRY(write_private_key(environment->m_pki.vendor_system, environment->vendor_key_pem()));
  TRY_ASSIGN(environment->m_catalog, criteria::load_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria"));
  return environment;
}

BenchEnvironment::~BenchEnvironment() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(m_directory, ignored);
}

Status BenchEnvironment::start(int latency_ms, int municipalities, bool beskedfordeler, size_t server_threads) {
  stop();
  TRY_ASSIGN(auto scenario,
             fixtures::load_scenario(std::string(KLARMELD_SOURCE_DIR) + "/fixtures/scenarios/conforming.yaml"));
  for (auto& [id, endpoint] : scenario.endpoints) {
    endpoint.latency_ms = latency_ms;
  }
  add_municipalities(scenario, municipalities);
  fixtures::StartOptions options;
  options.beskedfordeler = beskedfordeler;
  if (server_threads > 0) {
    options.worker_threads = server_threads;
  }
  TRY_ASSIGN(m_fixture, fixtures::FixtureEnvironment::start(scenario, m_pki, options));
  std::string profile_path = m_directory + "/profile.yaml";
  TRY(write_file_atomically(profile_path, m_fixture->profile_yaml(m_directory, password_variable)));
  TRY_ASSIGN(m_profile, profile::load_profile(profile_path));
  return Ok{};
}

void BenchEnvironment::stop() {
  if (m_fixture) {
    m_fixture->stop();
    m_fixture.reset();
  }
}

} // namespace klarmeld::bench
