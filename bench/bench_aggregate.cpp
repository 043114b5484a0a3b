// bench_aggregate: generate N signed readiness workbooks with the tool's own writer and signer
// (synthetic vendors/systems/municipalities over the real catalog; cached in DIR and reused with
// --keep), then run `klarmeld aggregate` on them in a child process and the same matrix read with
// python3-openpyxl (no verification) in the same run. The figures are CPU time (user + system from
// wait4's rusage), not wall time: the cores may be shared with other work. A one-file run gives the
// fixed start-up cost (catalog, outputs), so the CPU per verified file is net of it.
//
// This VM's speed moves by ±15 % and more between minutes (docs/performance.md, Aggregate), so the
// one-file and the whole runs are made --repeat times, alternating, and the medians are used; every
// run is printed. The inputs are read once before the first run, as they would be in the page cache
// right after a download: otherwise a run's CPU includes whatever block I/O the kernel's cache left
// to do, which differs from run to run.
//
//   bench_aggregate [--files N] [--dir DIR] [--python-files M] [--jobs J] [--klarmeld PATH] [--html] [--keep]
//                   [--repeat R]
//
// Targets (issue 19): <= 1.5 ms CPU per verified file (>= 1,000 files/s on two free cores), peak RSS
// <= 100 MB, and >= 10x openpyxl's files per CPU second (openpyxl without verification).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/synthetic_assessment.hpp"
#include "criteria/model/loader.hpp"
#include "crypto/identity.hpp"
#include "fixtures/src/pki.hpp"
#include "report/xlsx_writer.hpp"
#include "sign/opc_signer.hpp"
#include "util/files.hpp"

namespace {

using namespace klarmeld;
using Seconds = std::chrono::duration<double>;

struct Settings {
  std::size_t files = 5000;
  std::size_t python_files = 0; // 0: as many as --files
  std::string dir = "/tmp/klarmeld-bench-aggregate";
  bool html = false;
  bool keep = false; // reuse existing inputs when the count matches
  unsigned jobs = 2;
  unsigned repeat = 3;                    // runs of each measurement; the median counts
  std::string klarmeld = KLARMELD_BINARY; // another build's binary, to compare before and after
};

struct ChildRun {
  int exit_code = -1;
  double seconds = 0;
  long max_rss_kb = 0;
  double cpu_seconds = 0; // user + system: comparable even when other processes share the cores
  std::string output;
};

bool parse(int argc, char** argv, Settings& settings) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--files" && has_value) {
      settings.files = std::stoul(argv[++i]);
    } else if (arg == "--python-files" && has_value) {
      settings.python_files = std::stoul(argv[++i]);
    } else if (arg == "--dir" && has_value) {
      settings.dir = argv[++i];
    } else if (arg == "--html") {
      settings.html = true;
    } else if (arg == "--keep") {
      settings.keep = true;
    } else if (arg == "--jobs" && has_value) {
      settings.jobs = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (arg == "--klarmeld" && has_value) {
      settings.klarmeld = argv[++i];
    } else if (arg == "--repeat" && has_value) {
      settings.repeat = static_cast<unsigned>(std::stoul(argv[++i]));
    } else {
      std::cerr << "usage: bench_aggregate [--files N] [--dir DIR] [--python-files M] [--jobs J] [--klarmeld PATH] "
                   "[--html] [--keep] [--repeat R]\n";
      return false;
    }
  }
  return settings.repeat > 0;
}

// Runs argv in a child; stdout goes to a file; wait4 gives the child's own peak RSS.
ChildRun run_child(const std::vector<std::string>& args, const std::string& output_file) {
  std::vector<char*> argv;
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  std::fflush(stdout); // or the child would print our buffered lines again
  std::fflush(stderr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (std::freopen(output_file.c_str(), "w", stdout) == nullptr) {
      _exit(127);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  ChildRun run;
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.max_rss_kb = usage.ru_maxrss;
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  auto output = read_file(output_file);
  run.output = output ? *output : "";
  return run;
}

std::string input_name(std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "wb-%06zu.xlsx", index);
  return name;
}

bool generate(const Settings& settings, const criteria::Catalog& catalog, const fixtures::TestPki& pki,
              const std::string& inputs) {
  auto start = std::chrono::steady_clock::now();
  for (std::size_t index = 0; index < settings.files; ++index) {
    std::string path = inputs + "/" + input_name(index);
    auto written = report::write_readiness_workbook(bench::synthetic_assessment(catalog, index), path);
    if (!written) {
      std::cerr << written.error().render() << '\n';
      return false;
    }
    auto signed_file = sign::sign_file(path, pki.vendor_system, sign::SignOptions{});
    if (!signed_file) {
      std::cerr << signed_file.error().render() << '\n';
      return false;
    }
    if ((index + 1) % 500 == 0) {
      std::cerr << "  generated " << (index + 1) << '/' << settings.files << '\n';
    }
  }
  double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  std::printf("generate:  %zu signed workbooks in %.1f s (%.1f files/s)\n", settings.files, seconds,
              static_cast<double>(settings.files) / seconds);
  return true;
}

void print_run(const char* label, const ChildRun& run, std::size_t files) {
  std::printf("%s %zu files in %.2f s = %.1f files/s, peak RSS %.1f MB, CPU %.2f s (%.1f ms/file), exit %d\n", label,
              files, run.seconds, static_cast<double>(files) / run.seconds,
              static_cast<double>(run.max_rss_kb) / 1024.0, run.cpu_seconds,
              run.cpu_seconds * 1000.0 / static_cast<double>(files), run.exit_code);
}

// The load average: the figures are CPU time, but a loaded machine still slows caches and memory.
void print_load(const char* label) {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) {
    std::printf("%-14s load average %.2f %.2f %.2f (1, 5, 15 min)\n", label, load[0], load[1], load[2]);
  }
}

// The run whose CPU time is the median of `runs` (the lower middle one for an even count).
ChildRun median_run(std::vector<ChildRun> runs) {
  std::sort(runs.begin(), runs.end(),
            [](const ChildRun& a, const ChildRun& b) { return a.cpu_seconds < b.cpu_seconds; });
  return runs[(runs.size() - 1) / 2];
}

// Reads every input once, so that the runs find them in the page cache (the header says why).
std::string warm_inputs(const std::string& inputs) {
  auto start = std::chrono::steady_clock::now();
  std::size_t files = 0;
  std::size_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(inputs, ec)) {
    if (auto content = read_file(entry.path().string())) {
      ++files;
      bytes += content->size();
    }
  }
  char text[160];
  std::snprintf(text, sizeof text, "read the %zu files in the input folder (%.1f MB) once before the runs, in %.2f s",
                files, static_cast<double>(bytes) / 1e6, Seconds(std::chrono::steady_clock::now() - start).count());
  return text;
}

std::vector<std::string> aggregate_command(const Settings& settings, const std::string& inputs,
                                           const std::string& output) {
  std::vector<std::string> command{settings.klarmeld,
                                   "aggregate",
                                   inputs,
                                   "--out",
                                   settings.dir + "/" + output + ".xlsx",
                                   "--trust",
                                   settings.dir + "/root-ca.pem",
                                   "--criteria",
                                   std::string(KLARMELD_SOURCE_DIR) + "/criteria",
                                   "--jobs",
                                   std::to_string(settings.jobs),
                                   "--json"};
  if (settings.html) {
    command.push_back("--html");
    command.push_back(settings.dir + "/" + output + ".html");
  }
  return command;
}

} // namespace

int main(int argc, char** argv) {
  Settings settings;
  if (!parse(argc, argv, settings)) {
    return 2;
  }
  auto catalog = criteria::load_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria");
  if (!catalog) {
    std::cerr << catalog.error().render() << '\n';
    return 1;
  }
  std::string inputs = settings.dir + "/inputs";
  std::string root_pem = settings.dir + "/root-ca.pem";
  std::size_t existing = 0;
  std::error_code ec;
  if (std::filesystem::is_directory(inputs, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(inputs, ec)) {
      existing += entry.path().extension() == ".xlsx" ? 1 : 0;
    }
  }
  if (!(settings.keep && existing == settings.files && std::filesystem::exists(root_pem, ec))) {
    std::filesystem::remove_all(settings.dir, ec);
    std::filesystem::create_directories(inputs);
    auto pki = fixtures::TestPki::generate();
    if (!pki) {
      std::cerr << pki.error().render() << '\n';
      return 1;
    }
    if (!write_file_atomically(root_pem, crypto::to_pem(pki->root_ca.certificate.get()))) {
      return 1;
    }
    if (!generate(settings, *catalog, *pki, inputs)) {
      return 1;
    }
  } else {
    std::printf("generate:  reusing %zu signed workbooks in %s\n", existing, inputs.c_str());
  }

  std::printf("page cache: %s\n", warm_inputs(inputs).c_str());
  print_load("load at start:");
  // The fixed cost first: the same command on one file (catalog, empty outputs, process start).
  std::string single = settings.dir + "/single";
  std::filesystem::create_directories(single, ec);
  for (const char* suffix : {"", ".p7s"}) {
    std::filesystem::copy_file(inputs + "/" + input_name(0) + suffix, single + "/" + input_name(0) + suffix,
                               std::filesystem::copy_options::overwrite_existing, ec);
  }
  std::vector<ChildRun> fixed_runs;
  std::vector<ChildRun> aggregate_runs;
  bool all_counted = true;
  for (unsigned round = 1; round <= settings.repeat; ++round) {
    fixed_runs.push_back(run_child(aggregate_command(settings, single, "single"), settings.dir + "/single.json"));
    print_run(("fixed cost " + std::to_string(round) + ":").c_str(), fixed_runs.back(), 1);
    aggregate_runs.push_back(
        run_child(aggregate_command(settings, inputs, "overview"), settings.dir + "/aggregate.json"));
    const ChildRun& run = aggregate_runs.back();
    print_run(("aggregate " + std::to_string(round) + ":").c_str(), run, settings.files);
    if (run.exit_code != 0 || run.output.find("\"accepted\": " + std::to_string(settings.files)) == std::string::npos) {
      all_counted = false;
      std::printf("aggregate: NOT every file was counted (see %s/aggregate.json)\n", settings.dir.c_str());
    }
  }
  const ChildRun fixed = median_run(fixed_runs);
  const ChildRun aggregate = median_run(aggregate_runs);
  long peak_rss_kb = 0;
  for (const ChildRun& run : aggregate_runs) {
    peak_rss_kb = std::max(peak_rss_kb, run.max_rss_kb);
  }
  if (settings.repeat > 1) {
    print_run("fixed cost (median CPU):", fixed, 1);
    print_run("aggregate (median CPU):", aggregate, settings.files);
  }

  std::size_t python_files =
      settings.python_files == 0 ? settings.files : std::min(settings.python_files, settings.files);
  std::string listing = settings.dir + "/python-files.txt";
  {
    std::ofstream list(listing);
    for (std::size_t index = 0; index < python_files; ++index) {
      list << inputs << '/' << input_name(index) << '\n';
    }
  }
  ChildRun python = run_child({"/usr/bin/python3", std::string(KLARMELD_SOURCE_DIR) + "/bench/openpyxl_matrix.py",
                               std::to_string(python_files), listing},
                              settings.dir + "/python.txt");
  print_run("openpyxl: ", python, python_files);
  std::printf("openpyxl:  %s", python.output.c_str());
  double files = static_cast<double>(settings.files);
  double net_ms = (aggregate.cpu_seconds - fixed.cpu_seconds) * 1000.0 / std::max(1.0, files - 1.0);
  double python_ms = python.cpu_seconds * 1000.0 / static_cast<double>(python_files);
  double ratio = python_ms / net_ms;
  std::printf("per file:  klarmeld %.2f ms CPU per verified file net of the fixed cost (%.0f files/s on two free "
              "cores); openpyxl %.1f ms CPU per file\n",
              net_ms, 2000.0 / net_ms, python_ms);
  std::printf("ratio:     klarmeld aggregate (with verification) reads %.1fx the files per CPU second of openpyxl "
              "(without); by wall time on the shared cores %.1fx\n",
              ratio, (files / aggregate.seconds) / (static_cast<double>(python_files) / python.seconds));
  std::printf("machine:   %u CPUs\n", std::thread::hardware_concurrency());
  print_load("load at end:");
  bool fast = net_ms <= 1.5;
  bool small = peak_rss_kb <= 100L * 1024L; // the largest of the runs
  bool ahead = ratio >= 10.0;
  std::printf("targets:   <= 1.5 ms CPU per file: %s; peak RSS <= 100 MB: %s; >= 10x openpyxl: %s\n",
              fast ? "met" : "NOT met", small ? "met" : "NOT met", ahead ? "met" : "NOT met");
  return all_counted && python.exit_code == 0 ? 0 : 1;
}
