// The simulated environment the benchmarks run against: one test PKI written to a private temporary
// directory, the conforming scenario with a latency injected on every endpoint, its generated
// profile, and the loaded catalog + profile.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "criteria/model/catalog.hpp"
#include "fixtures/src/fixture_environment.hpp"
#include "fixtures/src/pki.hpp"
#include "profile/profile.hpp"
#include "util/result.hpp"

namespace klarmeld::bench {

// The name of the environment variable carrying the PKCS#12 password to the engine (and the Python
// client): the password itself is never put on a command line.
inline constexpr const char* password_variable = "KLARMELD_BENCH_P12_PASSWORD";

class BenchEnvironment {
public:
  // Generates the PKI (the slow part: RSA keys) once; environments are started per latency.
  static Result<std::unique_ptr<BenchEnvironment>> create();
  ~BenchEnvironment();
  BenchEnvironment(const BenchEnvironment&) = delete;
  BenchEnvironment& operator=(const BenchEnvironment&) = delete;

  // (Re)starts the conforming scenario with `latency_ms` on every endpoint and reloads the profile.
  // `municipalities` > 1: a rollout (bench_engine --municipalities): the first N of the 98, each
  // with an organisation and the pilot's agreements for its own (synthetic) CVR. With
  // `beskedfordeler` also the simulated Beskedfordeler (a real rabbitmq-server). `server_threads`:
  // connections each simulated server serves at once (0: the fixture's default).
  Status start(int latency_ms, int municipalities = 1, bool beskedfordeler = false, size_t server_threads = 0);
  void stop();

  const fixtures::TestPki& pki() const { return m_pki; }
  const fixtures::FixtureEnvironment& fixture() const { return *m_fixture; }
  const criteria::Catalog& catalog() const { return m_catalog; }
  const profile::Profile& profile() const { return m_profile; }
  const std::string& directory() const { return m_directory; }
  // vendor-key.pem (mode 0600) for the Python client, which cannot read PKCS#12 with xmlsec alone.
  std::string vendor_key_pem() const { return m_directory + "/vendor-key.pem"; }

private:
  BenchEnvironment(fixtures::TestPki pki, std::string directory)
      : m_pki(std::move(pki)), m_directory(std::move(directory)) {}

  fixtures::TestPki m_pki;
  std::string m_directory;
  std::unique_ptr<fixtures::FixtureEnvironment> m_fixture;
  criteria::Catalog m_catalog;
  profile::Profile m_profile;
};

} // namespace klarmeld::bench
