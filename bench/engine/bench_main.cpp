// bench_engine: prints the engine, probe and signing figures of issue 7 (docs/performance.md).
//   bench_engine [--only catalog|probe|workbook|zeep|bfo] [--runs N] [--iterations N] [--latency MS]
//                [--concurrency N] [--per-host N] [--python PATH]
//   bench_engine --municipalities N [--runs N] [--rollouts K] [--rate R] (the rollout, issue 19)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/engine/bench_environment.hpp"
#include "bench/engine/bfo_probe_bench.hpp"
#include "bench/engine/catalog_bench.hpp"
#include "bench/engine/rollout_bench.hpp"
#include "bench/engine/soap_probe_bench.hpp"
#include "bench/engine/workbook_bench.hpp"
#include "bench/engine/zeep_bench.hpp"
#include "engine/run_options.hpp"

namespace {

struct Settings {
  std::string only; // empty: all
  int runs = 5;
  int iterations = 1000;
  int latency_ms = 50;
  int municipalities = 0;                                  // --municipalities N: the rollout benchmark alone
  int rollouts = 3;                                        // --rollouts K: the engine's rollout run K times
  int concurrency = klarmeld::engine::default_concurrency; // as `klarmeld check`
  int per_host = klarmeld::engine::default_per_host;
  double rate = 20; // --rate: requests per second per host in the rollout benchmark, as `klarmeld check`
  std::string python = "/usr/bin/python3";
};

bool parse(int argc, char** argv, Settings& settings) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    std::string value = argv[i + 1];
    if (name == "--only") {
      settings.only = value;
    } else if (name == "--runs") {
      settings.runs = std::atoi(value.c_str());
    } else if (name == "--iterations") {
      settings.iterations = std::atoi(value.c_str());
    } else if (name == "--municipalities") {
      settings.municipalities = std::atoi(value.c_str());
    } else if (name == "--rollouts") {
      settings.rollouts = std::atoi(value.c_str());
    } else if (name == "--latency") {
      settings.latency_ms = std::atoi(value.c_str());
    } else if (name == "--concurrency") {
      settings.concurrency = std::atoi(value.c_str());
    } else if (name == "--per-host") {
      settings.per_host = std::atoi(value.c_str());
    } else if (name == "--rate") {
      settings.rate = std::atof(value.c_str());
    } else if (name == "--python") {
      settings.python = value;
    } else {
      return false;
    }
  }
  return argc % 2 == 1 && settings.runs > 0 && settings.iterations > 0 && settings.latency_ms > 0 &&
         settings.rollouts > 0 && settings.concurrency > 0 && settings.per_host > 0;
}

bool wanted(const Settings& settings, const char* name) {
  return settings.only.empty() || settings.only == name;
}

int fail(const klarmeld::Error& error) {
  std::fprintf(stderr, "bench_engine: %s\n", error.render().c_str());
  return 1;
}

} // namespace

int main(int argc, char** argv) {
  using namespace klarmeld::bench;
  Settings settings;
  if (!parse(argc, argv, settings)) {
    std::fprintf(stderr, "usage: bench_engine [--only catalog|probe|workbook|zeep|bfo] [--runs N] [--iterations N] "
                         "[--latency MS] [--concurrency N] [--per-host N] [--python PATH] [--municipalities N] "
                         "[--rate R] [--rollouts K]\n");
    return 2;
  }
  auto environment = BenchEnvironment::create();
  if (!environment) {
    return fail(environment.error());
  }
  if (settings.municipalities > 0) {
    CatalogBenchOptions options{settings.latency_ms, settings.runs, settings.concurrency, settings.per_host};
    if (auto done =
            run_rollout_bench(**environment, options, settings.municipalities, settings.rate, settings.rollouts);
        !done) {
      return fail(done.error());
    }
    return 0;
  }
  if (wanted(settings, "catalog")) {
    if (auto done = run_catalog_bench(**environment,
                                      {settings.latency_ms, settings.runs, settings.concurrency, settings.per_host});
        !done) {
      return fail(done.error());
    }
  }
  if (wanted(settings, "probe")) {
    if (auto done = run_soap_probe_bench((*environment)->pki(), settings.iterations); !done) {
      return fail(done.error());
    }
  }
  if (wanted(settings, "workbook")) {
    if (auto done = run_workbook_bench((*environment)->catalog(), (*environment)->pki(), (*environment)->directory(),
                                       settings.runs * 4 + 1);
        !done) {
      return fail(done.error());
    }
  }
  if (wanted(settings, "zeep")) {
    if (auto done = run_zeep_bench(**environment, {settings.latency_ms, settings.runs, settings.python}); !done) {
      return fail(done.error());
    }
  }
  if (wanted(settings, "bfo")) {
    if (auto done = run_bfo_probe_bench(**environment, settings.runs); !done) {
      return fail(done.error());
    }
  }
  return 0;
}
