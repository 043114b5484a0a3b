#include "bench/engine/zeep_bench.hpp"

#include <cstdio>
#include <sstream>

#include <sys/wait.h>

#include "bench/engine/stopwatch.hpp"
#include "engine/plan.hpp"
#include "engine/run_check.hpp"
#include "fixtures/src/kombit_constants.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "util/files.hpp"

namespace klarmeld::bench {
namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out += escaped;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::string param(const criteria::ProbeSpec& spec, const std::string& name, const std::string& fallback) {
  auto found = spec.params.find(name);
  return found == spec.params.end() || found->second.empty() ? fallback : found->second;
}

// One entry per SOAP criterion of the plan: soap.call (token, then the call) and sts.issue over SOAP
// (the token alone) — what the vendor script fetches a token for and calls.
Result<std::string> calls_json(const BenchEnvironment& environment) {
  const profile::Profile& profile = environment.profile();
  engine::Plan plan = engine::build_plan(environment.catalog(), profile, {});
  std::ostringstream json;
  json << "[";
  bool first = true;
  for (const auto& invocation : plan.invocations) {
    const criteria::ProbeSpec& spec = *invocation.criterion->probe;
    bool token_only = spec.type == "sts.issue" && param(spec, "variant", "soap") == "soap";
    if (spec.type != "soap.call" && !token_only) {
      continue;
    }
    std::string service = param(spec, "service", invocation.interface->id);
    auto endpoint = profile.environment.interfaces.find(service);
    if (endpoint == profile.environment.interfaces.end() || endpoint->second.entity_id.empty()) {
      continue;
    }
    soap::OperationInputs inputs{endpoint->second.url, endpoint->second.options, profile.municipality_cvr,
                                 profile.municipality_name, profile.system_name};
    soap::OperationCall call;
    if (!token_only) {
      TRY_ASSIGN(call, soap::build_operation(param(spec, "operation", ""), inputs));
    }
    json << (first ? "" : ",") << "\n  {\"criterion\": " << json_string(invocation.criterion->id)
         << ", \"kind\": " << (token_only ? "\"token\"" : "\"call\"")
         << ", \"entity_id\": " << json_string(endpoint->second.entity_id) << ", \"url\": " << json_string(call.url)
         << ", \"action\": " << json_string(call.action) << ", \"body\": " << json_string(call.body_xml)
         << ", \"expect_status\": " << json_string(param(spec, "expect_status", "20")) << "}";
    first = false;
  }
  json << "\n]";
  return json.str();
}

Result<std::string> write_config(const BenchEnvironment& environment, int& round_trips) {
  TRY_ASSIGN(std::string calls, calls_json(environment));
  round_trips = 0;
  for (size_t at = calls.find("\"kind\": "); at != std::string::npos; at = calls.find("\"kind\": ", at + 1)) {
    round_trips += calls.compare(at + 8, 6, "\"call\"") == 0 ? 2 : 1;
  }
  const std::string& dir = environment.directory();
  std::string config = "{\n\"sts_url\": " + json_string(environment.profile().environment.sts_url) +
                       ",\n\"cvr\": " + json_string(environment.profile().municipality_cvr) +
                       ",\n\"ca_bundle\": " + json_string(dir + "/ca.pem") +
                       ",\n\"certificate\": " + json_string(dir + "/vendor.pem") +
                       ",\n\"key\": " + json_string(environment.vendor_key_pem()) + ",\n\"calls\": " + calls + "\n}\n";
  std::string path = dir + "/zeep-config.json";
  TRY(write_file_atomically(path, config));
  return path;
}

struct ScriptRun {
  double wall_ms = 0;
  std::string output;
  int exit_code = -1;
};

// Paths only on the command line; the key is in a 0600 file the config names.
ScriptRun run_script(const std::string& python, const std::string& config) {
  std::string command =
      python + " " + std::string(KLARMELD_SOURCE_DIR) + "/bench/engine/zeep_client.py --config " + config + " 2>&1";
  ScriptRun run;
  Stopwatch watch;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    run.output = "cannot start " + python;
    return run;
  }
  char buffer[4096];
  size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    run.output.append(buffer, got);
  }
  int status = pclose(pipe);
  run.wall_ms = watch.elapsed_ms();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

} // namespace

Status run_zeep_bench(BenchEnvironment& environment, const ZeepBenchOptions& options) {
  std::printf("\n[4] klarmeld (whole catalog) vs. a zeep + python-xmlsec vendor script (token + call per SOAP "
              "criterion, sequential), %d ms latency, %d runs each\n",
              options.latency_ms, options.runs);
  TRY(environment.start(options.latency_ms));
  int script_round_trips = 0;
  TRY_ASSIGN(std::string config, write_config(environment, script_round_trips));
  std::vector<double> klarmeld_samples, subset_samples, script_samples;
  engine::RunOptions run_options;
  // The interfaces whose SOAP criteria the script covers: klarmeld checks all their criteria.
  engine::RunOptions subset_options;
  subset_options.only = {"SF1470", "SF1490", "SF1500", "SF1510", "SF1514"};
  std::string last_output;
  int exit_code = 0;
  for (int i = 0; i < options.runs; ++i) {
    Stopwatch watch;
    (void)engine::run_check(environment.catalog(), environment.profile(), run_options);
    klarmeld_samples.push_back(watch.elapsed_ms());
    Stopwatch subset_watch;
    (void)engine::run_check(environment.catalog(), environment.profile(), subset_options);
    subset_samples.push_back(subset_watch.elapsed_ms());
    ScriptRun run = run_script(options.python, config);
    script_samples.push_back(run.wall_ms);
    last_output = run.output;
    exit_code = run.exit_code;
  }
  environment.stop();
  std::printf("  script output (last run, exit %d):\n%s", exit_code, last_output.c_str());
  std::printf("  script latency floor: one round trip per token and per call, sequential = %d ms\n",
              script_round_trips * options.latency_ms);
  std::printf("  klarmeld --only SF1470,SF1490,SF1500,SF1510,SF1514 (all criteria of the interfaces the script "
              "covers): median %.1f ms, ratio %.1fx\n",
              median(subset_samples), median(script_samples) / median(subset_samples));
  double klarmeld = median(klarmeld_samples);
  double script = median(script_samples);
  std::printf("  RESULT klarmeld whole catalog (median) %.1f ms; vendor script (median, incl. interpreter start) "
              "%.1f ms; ratio %.1fx (target >= 10x: %s)\n",
              klarmeld, script, script / klarmeld, script / klarmeld >= 10 ? "met" : "MISSED");
  return Ok{};
}

} // namespace klarmeld::bench
