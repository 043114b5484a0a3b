#include "bench/engine/zeep_bench.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include <sys/wait.h>

#include "bench/engine/klarmeld_process.hpp"
#include "bench/engine/stopwatch.hpp"
#include "engine/plan.hpp"
#include "engine/run_check.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/probes/rest_call_probe.hpp"
#include "interfaces/registry.hpp"
#include "interfaces/rest/memo_message.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "util/files.hpp"
#include "util/json.hpp"

namespace klarmeld::bench {
namespace {

// Defaults the probes use when the profile names nothing else (interfaces/probes/rest_call_probe.cpp,
// interfaces/probes/sts_protected_probe.cpp, interfaces/probes/saml_slo_probe.cpp): the script must send
// what the probe sends.
constexpr const char* default_test_cpr = "0101011234";
constexpr const char* sf1512_default_action = "urn:klarmeld:probe:sf1512:ping";
constexpr const char* sf1512_default_body = "<Ping xmlns=\"urn:klarmeld:probe:sf1512\"/>";
constexpr const char* default_idp_entity_id = kombit::sts_issuer;

using Fields = std::vector<std::pair<std::string, std::string>>; // name → string value

Json json_object(const Fields& fields) {
  Json out = Json::object();
  for (const auto& [name, value] : fields) {
    out[name] = value;
  }
  return out;
}

using probes::support::option;
using probes::support::param;

// One step of the vendor script: what one criterion's probe does, with the inputs of its kind.
struct ScriptStep {
  Fields fields; // criterion, kind and the inputs of that kind
};

const profile::InterfaceEndpoint* endpoint_of(const profile::Profile& profile, const std::string& service) {
  auto found = profile.environment.interfaces.find(service);
  return found == profile.environment.interfaces.end() ? nullptr : &found->second;
}

// sts.issue: soap and rest are one request; token_exchange is the STS, then AccessTokenService.
std::optional<ScriptStep> sts_issue_step(const criteria::ProbeSpec& spec, const profile::InterfaceEndpoint& endpoint) {
  using criteria::StsVariant;
  StsVariant variant = spec.modes.sts_variant;
  std::string kind = variant == StsVariant::Rest            ? "sts_rest"
                     : variant == StsVariant::TokenExchange ? "token_exchange"
                                                            : "sts_soap";
  return ScriptStep{{{"kind", kind}, {"entity_id", endpoint.entity_id}}};
}

// soap.call: an STS token, then the OIOIDWS call; the body comes from the project's own builders.
Result<std::optional<ScriptStep>> soap_call_step(const criteria::ProbeSpec& spec, const profile::Profile& profile,
                                                 const profile::InterfaceEndpoint& endpoint) {
  soap::OperationInputs inputs{endpoint.url, endpoint.options, profile.municipality_cvr, profile.municipality_name,
                               profile.system_name};
  TRY_ASSIGN(soap::OperationCall call, soap::build_operation(spec.modes.soap_operation, inputs));
  return std::optional<ScriptStep>{ScriptStep{{{"kind", "soap_call"},
                                               {"entity_id", endpoint.entity_id},
                                               {"url", call.url},
                                               {"action", call.action},
                                               {"body", call.body_xml},
                                               {"expect_status", param(spec, "expect_status", "20")}}}};
}

// rest.call (SF1601): an STS token, AccessTokenService, then the call. The MeMo message is the
// project's own (build_kombi_request); the script fills in a fresh UUID and time per call.
std::optional<ScriptStep> rest_call_step(const criteria::ProbeSpec& spec, const profile::Profile& profile,
                                         const profile::InterfaceEndpoint& endpoint, const std::string& entity_id) {
  std::string cpr = option(endpoint, "test_cpr", default_test_cpr);
  if (spec.modes.rest_operation == criteria::RestOperation::Kombipostafsend) {
    probes::MemoMessage message;
    message.message_uuid = "@MESSAGE_UUID@";
    message.created_utc = "@CREATED@";
    message.sender_cvr = profile.municipality_cvr;
    message.sender_label = profile.municipality_name;
    message.recipient_cpr = cpr;
    return ScriptStep{{{"kind", "rest_kombi"},
                       {"entity_id", entity_id},
                       {"url", endpoint.url},
                       {"body", probes::build_kombi_request(message)}}};
  }
  std::string url = probes::postforespoerg_url(endpoint);
  if (url.empty()) {
    return std::nullopt;
  }
  url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("cprNumber=") + cpr;
  return ScriptStep{{{"kind", "rest_post"}, {"entity_id", entity_id}, {"url", url}}};
}

// sts.protected (SF1512): one request to the vendor's WSP; replayed sends the same message twice.
std::optional<ScriptStep> protected_step(const criteria::ProbeSpec& spec, const profile::Profile& profile,
                                         const profile::InterfaceEndpoint& endpoint) {
  std::string test_case = param(spec, "case", "");
  std::string sts_issuer =
      profile.environment.sts_issuer.empty() ? "https://sts.klarmeld.test" : profile.environment.sts_issuer;
  return ScriptStep{{{"kind", "protected"},
                     {"case", test_case},
                     {"url", endpoint.url},
                     {"entity_id", endpoint.entity_id},
                     {"action", option(endpoint, "action", sf1512_default_action)},
                     {"body", option(endpoint, "request_body", sf1512_default_body)},
                     {"issuer", option(endpoint, "test_issuer", sts_issuer)}}};
}

// saml.slo: the SP metadata (for its signing certificate), then the signed LogoutRequest.
std::optional<ScriptStep> slo_step(const profile::Profile& profile, const profile::InterfaceEndpoint& endpoint) {
  std::string metadata_url = option(endpoint, "metadata_url", "");
  if (const profile::InterfaceEndpoint* sf1511 = endpoint_of(profile, "SF1511");
      metadata_url.empty() && sf1511 != nullptr) {
    metadata_url = sf1511->url;
  }
  return ScriptStep{{{"kind", "slo"},
                     {"metadata_url", metadata_url},
                     {"slo_url", option(endpoint, "slo_url", "")},
                     {"idp_entity_id", option(endpoint, "idp_entity_id", default_idp_entity_id)}}};
}

// The step for one invocation, or none for the probes the script leaves out: tls (a bare handshake,
// no token and no call) and sftp (the fixture has no SFTP server).
Result<std::optional<ScriptStep>> script_step(const engine::Invocation& invocation, const profile::Profile& profile) {
  const criteria::ProbeSpec& spec = *invocation.criterion->probe;
  std::string service = param(spec, "service", invocation.interface->id);
  if (service == "<own interface>") {
    service = invocation.interface->id;
  }
  const profile::InterfaceEndpoint* endpoint = endpoint_of(profile, service);
  if (endpoint == nullptr) {
    return std::optional<ScriptStep>{};
  }
  if (spec.type == "sts.issue" && !endpoint->entity_id.empty()) {
    return sts_issue_step(spec, *endpoint);
  }
  if (spec.type == "soap.call" && !endpoint->entity_id.empty()) {
    return soap_call_step(spec, profile, *endpoint);
  }
  if (spec.type == "rest.call") {
    // The entityID the probe's access token is for, as the probe itself names it.
    return rest_call_step(spec, profile, *endpoint, invocation.token_entity_id);
  }
  if (spec.type == "sts.protected") {
    return protected_step(spec, profile, *endpoint);
  }
  if (spec.type == "saml.metadata") {
    return std::optional<ScriptStep>{
        ScriptStep{{{"kind", "metadata"}, {"url", option(*endpoint, "metadata_url", endpoint->url)}}}};
  }
  if (spec.type == "saml.slo") {
    return slo_step(profile, *endpoint);
  }
  return std::optional<ScriptStep>{};
}

struct ScriptPlan {
  Json steps_json = Json::array();
  int steps = 0;
  int round_trips = 0;
};

// Every automated criterion of the plan that needs a token or a service call, in plan order.
Result<ScriptPlan> script_plan(const BenchEnvironment& environment) {
  const profile::Profile& profile = environment.profile();
  engine::Plan plan = engine::build_plan(environment.catalog(), profile, {});
  ScriptPlan out;
  for (const auto& invocation : plan.invocations) {
    const criteria::ProbeSpec& spec = *invocation.criterion->probe;
    TRY_ASSIGN(std::optional<ScriptStep> step, script_step(invocation, profile));
    if (!step) {
      continue;
    }
    step->fields.insert(step->fields.begin(), {"criterion", invocation.criterion->id});
    out.steps_json.push_back(json_object(step->fields));
    ++out.steps;
    // A new token per criterion (no cache): the token requests plus the probe's own, one after another.
    out.round_trips += invocation.token_requests() + probes::sequential_requests(spec);
  }
  return out;
}

Result<std::string> write_config(const BenchEnvironment& environment, const ScriptPlan& plan) {
  const profile::Profile& profile = environment.profile();
  const std::string& dir = environment.directory();
  const profile::InterfaceEndpoint* sf1512 = endpoint_of(profile, "SF1512");
  Fields settings{{"sts_url", profile.environment.sts_url},
                  {"sts_rest_url", profile.environment.sts_rest_url},
                  {"token_exchange_url", profile.environment.token_exchange_url},
                  {"sts_issuer", profile.environment.sts_issuer},
                  {"cvr", profile.municipality_cvr},
                  {"ca_bundle", profile.credentials.ca_bundle},
                  {"sts_certificate", profile.credentials.sts_certificate},
                  {"certificate", dir + "/vendor.pem"},
                  {"key", environment.vendor_key_pem()},
                  // The PKCS#12 password stays in the environment; the script is told the variable's name.
                  {"test_issuer_p12", sf1512 != nullptr ? option(*sf1512, "test_issuer_p12", "") : ""},
                  {"password_env", password_variable}};
  Json config = json_object(settings);
  config["steps"] = plan.steps_json;
  std::string path = dir + "/zeep-config.json";
  TRY(write_file_atomically(path, config.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"));
  return path;
}

struct ScriptRun {
  double wall_ms = 0;
  std::string output;
  int exit_code = -1;
};

// Paths only on the command line; the key is in a 0600 file the config names, the PKCS#12 password in
// the environment the child inherits.
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

// The request count the script printed ("N requests"), or -1.
int script_requests(const std::string& output) {
  auto at = output.find(" requests one after the other");
  if (at == std::string::npos) {
    return -1;
  }
  auto start = output.rfind(' ', at - 1);
  return std::atoi(output.c_str() + (start == std::string::npos ? 0 : start + 1));
}

// 0: ready. 5: every automated criterion passed, only manual evidence is missing — what the fixture's
// generated profile gives (it declares no manual evidence). Anything else: a probe did not pass.
bool binary_passed(int exit_code) {
  return exit_code == 0 || exit_code == 5;
}

struct Samples {
  std::vector<double> script, binary, in_process;
  std::vector<double> binary_fixed; // the binary with no probe to run: its fixed cost
  ScriptRun last_script;
  int binary_exit = 0;
  int binary_failures = 0; // runs whose exit code was neither 0 (ready) nor 5 (manual evidence pending)
};

Samples measure(const BenchEnvironment& environment, const std::string& python, const std::string& config, int runs) {
  Samples samples;
  engine::RunOptions run_options;
  for (int i = 0; i < runs; ++i) {
    BinaryRun binary = run_klarmeld_binary(environment);
    samples.binary.push_back(binary.wall_ms);
    samples.binary_exit = binary.exit_code;
    samples.binary_failures += binary_passed(binary.exit_code) ? 0 : 1;
    // SF1590_A is declared ikke_relevant by the fixture's profile: process start, catalog and profile
    // loading, credentials and the outputs, without a probe.
    samples.binary_fixed.push_back(run_klarmeld_binary(environment, {"--only", "SF1590_A"}).wall_ms);
    Stopwatch watch;
    (void)engine::run_check(environment.catalog(), environment.profile(), run_options);
    samples.in_process.push_back(watch.elapsed_ms());
    samples.last_script = run_script(python, config);
    samples.script.push_back(samples.last_script.wall_ms);
  }
  return samples;
}

// "a, b, c" in run order: the binary's runs spread widely on a shared machine.
std::string listed(const std::vector<double>& values) {
  std::string out;
  char number[32];
  for (double value : values) {
    std::snprintf(number, sizeof number, "%.0f", value);
    out += (out.empty() ? "" : ", ") + std::string(number);
  }
  return out;
}

void print_results(const Samples& samples, const ScriptPlan& plan, int latency_ms) {
  const ScriptRun& last = samples.last_script;
  std::printf("  script output (last run, exit %d):\n%s", last.exit_code, last.output.c_str());
  int counted = script_requests(last.output);
  std::printf("  script latency floor: %d criteria, %d requests one after the other (script counted %d) x %d ms "
              "= %d ms\n",
              plan.steps, plan.round_trips, counted, latency_ms, plan.round_trips * latency_ms);
  double script = median(samples.script);
  double binary = median(samples.binary);
  double in_process = median(samples.in_process);
  std::printf("  vendor script (median, incl. interpreter start)       %8.1f ms\n", script);
  std::printf("  klarmeld check binary (median, incl. process start)   %8.1f ms  ratio %.1fx  (exit %d; %d of %zu "
              "runs not 0/5)\n",
              binary, script / binary, samples.binary_exit, samples.binary_failures, samples.binary.size());
  std::printf("  klarmeld check binary, fixed cost (--only SF1590_A, no probe runs)  %8.1f ms\n",
              median(samples.binary_fixed));
  std::printf("  klarmeld in-process engine::run_check (median)        %8.1f ms  ratio %.1fx\n", in_process,
              script / in_process);
  std::printf("  runs (ms): script %s | binary %s | binary fixed cost %s | in-process %s\n",
              listed(samples.script).c_str(), listed(samples.binary).c_str(), listed(samples.binary_fixed).c_str(),
              listed(samples.in_process).c_str());
  std::printf("  RESULT vendor script %.1f ms / klarmeld check binary %.1f ms (process start on both sides) = "
              "%.1fx (target >= 10x: %s)%s\n",
              script, binary, script / binary, script / binary >= 10 ? "met" : "MISSED",
              last.exit_code == 0 && samples.binary_failures == 0 ? "" : "  [an answer was not the expected one]");
}

} // namespace

Status run_zeep_bench(BenchEnvironment& environment, const ZeepBenchOptions& options) {
  std::printf("\n[4] klarmeld (whole catalog) vs. a zeep + python-xmlsec vendor script (every token/call criterion, "
              "new token each, sequential), %d ms latency, %d runs each\n",
              options.latency_ms, options.runs);
  TRY(environment.start(options.latency_ms));
  TRY_ASSIGN(ScriptPlan plan, script_plan(environment));
  TRY_ASSIGN(std::string config, write_config(environment, plan));
  Samples samples = measure(environment, options.python, config, options.runs);
  environment.stop();
  print_results(samples, plan, options.latency_ms);
  return Ok{};
}

} // namespace klarmeld::bench
