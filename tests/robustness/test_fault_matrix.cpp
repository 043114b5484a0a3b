// The end-to-end fault matrix (issue 7): every fault mode the fixture offers, run through the real
// engine exactly as `klarmeld check` runs it, must give the affected criterion Nej or Ikke testet
// with a reason that names the fault, end within the transfer timeout plus a second, and still leave
// a readable workbook. The matrix is then written into docs/robustness.md, so the document shows
// what the code does today.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report/workbook_reader.hpp"
#include "report/xlsx_writer.hpp"
#include "robustness_support.hpp"

using namespace klarmeld;
using namespace klarmeld::robustness;

namespace {

// The per-transfer timeout of these runs (RunOptions::total_timeout and connect_timeout).
constexpr std::chrono::milliseconds transfer_timeout{2000};
// "No hang past timeout + 1 s": a bound on each criterion's own duration, not a speed target.
constexpr std::chrono::milliseconds hang_bound = transfer_timeout + std::chrono::milliseconds(1000);
constexpr std::chrono::milliseconds other_bound = 4 * hang_bound;
constexpr std::chrono::milliseconds run_bound{120000}; // a whole scenario, all criteria

enum class Expect { Nej, IkkeTestet, NejOrIkkeTestet };

struct FaultCase {
  std::string kind;      // the fault, as the fixture names it
  std::string scenario;  // scenario file
  std::string endpoint;  // the faulty endpoint of that scenario
  std::string criterion; // the criterion that must show the fault
  Expect expect;
  std::string reason; // substring the reason must contain (case-sensitive)
};

// clang-format off
const std::vector<FaultCase>& fault_cases() {
  static const std::vector<FaultCase> cases = {
    // Transport (RunOptions: 2 s per transfer, no retries).
    {"delay beyond the client timeout (45 s)", "transport-faults.yaml", "SF1500", "SF1500.3", Expect::IkkeTestet, "Operation timed out after"},
    {"drip feed (1 byte / 500 ms)", "transport-faults.yaml", "SF1510", "SF1510.2", Expect::IkkeTestet, "Operation timed out after"},
    {"connection reset (TCP RST)", "transport-faults.yaml", "SF1470", "SF1470.3", Expect::IkkeTestet, "the call could not be made"},
    {"connection reset on the vendor WSP", "transport-faults.yaml", "SF1512", "SF1512.1", Expect::IkkeTestet, "the service could not be reached"},
    {"HTTP 500 without a SOAP answer", "transport-faults.yaml", "SF1490", "SF1490.1", Expect::Nej, "no StandardRetur in the answer (HTTP 500)"},
    {"fault answer from a REST service", "transport-faults.yaml", "SF1601", "SF1601.2", Expect::Nej, "KombiPostAfsend answered HTTP 500"},
    {"missing operation (REST 404)", "transport-faults.yaml", "PostForespoerg", "SF1601.3", Expect::Nej, "PostForespoerg answered HTTP 404"},
    // TLS, one fault per endpoint with a valid STS.
    {"TLS: untrusted issuer", "tls-isolated.yaml", "SF1500", "SF1500.1", Expect::Nej, "unable to get local issuer certificate"},
    {"TLS: untrusted issuer (SOAP call)", "tls-isolated.yaml", "SF1500", "SF1500.3", Expect::IkkeTestet, "SSL certificate problem: unable to get local issuer certificate"},
    {"TLS: not-yet-valid certificate", "tls-isolated.yaml", "SF1510", "SF1510.2", Expect::IkkeTestet, "certificate is not yet valid"},
    {"TLS: only TLS 1.0/1.1 offered", "tls-isolated.yaml", "SF1490", "SF1490.1", Expect::IkkeTestet, "protocol version"},
    {"TLS: wrong host name", "tls-isolated.yaml", "SF1511", "SF1511.2", Expect::Nej, "IP address mismatch"},
    {"TLS: expired certificate", "slo-tls.yaml", "SF1515", "SF1515.1", Expect::IkkeTestet, "certificate has expired"},
    {"TLS: expired STS certificate", "tls-faults.yaml", "sts", "SF1514.4", Expect::Nej, "server certificate expired on"},
    {"TLS: expired STS certificate (token)", "tls-faults.yaml", "sts", "SF1500.2", Expect::IkkeTestet, "the STS could not be reached"},
    // Hostile answers, one per endpoint with a valid STS.
    {"malformed XML (answer cut in half)", "hostile-isolated.yaml", "SF1500", "SF1500.3", Expect::Nej, "unreadable answer: Premature end of data"},
    {"XXE / DTD in a service answer", "hostile-isolated.yaml", "SF1510", "SF1510.2", Expect::Nej, "a DOCTYPE is not allowed"},
    {"XXE / DTD in SP metadata", "hostile-isolated.yaml", "SF1511", "SF1511.1", Expect::Nej, "DOCTYPE/ENTITY declaration"},
    {"XXE / DTD in the STS answer", "hostile-xml.yaml", "sts", "SF1500.2", Expect::Nej, "answered unreadable XML: a DOCTYPE is not allowed"},
    {"oversized body (32 MiB)", "hostile-isolated.yaml", "SF1470", "SF1470.3", Expect::IkkeTestet, "response exceeds the limit of 16777216 bytes"},
    {"SOAP fault", "hostile-isolated.yaml", "SF1470_validation", "SF1470.2", Expect::Nej, "answered a SOAP fault (HTTP 500): soap:Receiver"},
    {"missing operation (SOAP ActionNotSupported)", "hostile-isolated.yaml", "SF1490", "SF1490.1", Expect::Nej, "wsa:ActionNotSupported"},
    {"malformed XML in the SLO answer", "slo-hostile.yaml", "SF1515", "SF1515.1", Expect::Nej, "no LogoutResponse in the answer"},
    {"SOAP fault from the vendor WSP", "hostile-isolated.yaml", "SF1512", "SF1512.1", Expect::Nej, "the service rejected a valid token"},
    // Token forgeries the vendor WSP accepts.
    {"WSP accepts a request without token", "token-forgery.yaml", "SF1512", "SF1512.2", Expect::Nej, "accepted a call without a token"},
    {"WSP accepts an expired token", "token-forgery.yaml", "SF1512", "SF1512.3", Expect::Nej, "accepted an expired token"},
    {"WSP accepts a not-yet-valid token", "token-forgery.yaml", "SF1512", "SF1512.4", Expect::Nej, "accepted a token that is not yet valid"},
    {"WSP accepts a wrong audience", "token-forgery.yaml", "SF1512", "SF1512.5", Expect::Nej, "(wrong Audience)"},
    {"WSP accepts a wrong issuer", "token-forgery.yaml", "SF1512", "SF1512.6", Expect::Nej, "accepted a token from an issuer it must not trust"},
    {"WSP accepts a tampered token", "token-forgery.yaml", "SF1512", "SF1512.7", Expect::Nej, "accepted a tampered token"},
    {"WSP accepts signature wrapping", "token-forgery.yaml", "SF1512", "SF1512.8", Expect::Nej, "accepted a signature-wrapped message"},
    {"WSP accepts a non-holder key", "token-forgery.yaml", "SF1512", "SF1512.9", Expect::Nej, "other than the token's holder-of-key"},
    {"WSP accepts a replayed message", "token-forgery.yaml", "SF1512", "SF1512.10", Expect::Nej, "accepted a replayed message"},
    {"WSP accepts a message without timestamp", "token-forgery.yaml", "SF1512", "SF1512.11", Expect::Nej, "accepted a message without a Timestamp"},
    // STS refusals from the administration module.
    {"STS: certificate not registered", "sts-refusals.yaml", "sts", "SF1500.2", Expect::Nej, "STS fault code 101 (Den anvendte konfiguration kendes ikke / The configuration used is not known)"},
    {"STS: certificate not registered (REST)", "sts-refusals.yaml", "sts_rest", "SF1514.2", Expect::Nej, "answered HTTP 403"},
    {"STS: no service agreement", "tls-isolated.yaml", "sts", "SF1470.1", Expect::Nej, "STS fault code 101 (Den anvendte konfiguration kendes ikke / The configuration used is not known)"},
  };
  return cases;
}
// clang-format on

bool verdict_matches(Verdict verdict, Expect expect) {
  switch (expect) {
  case Expect::Nej:
    return verdict == Verdict::Nej;
  case Expect::IkkeTestet:
    return verdict == Verdict::IkkeTestet;
  case Expect::NejOrIkkeTestet:
    return verdict == Verdict::Nej || verdict == Verdict::IkkeTestet;
  }
  return false;
}

// The reason as shown in the document: one line, without the run's ports, times and ids, so
// regenerating the document gives the same text when behaviour is unchanged.
std::string stable_reason(const std::string& reason) {
  std::string text = reason;
  // Loopback URLs name the fixture's ephemeral ports: shown as {endpoint}.
  text = std::regex_replace(text, std::regex(R"(https?://(127\.0\.0\.1|localhost):\d+[^\s:,;)]*)"), "{endpoint}");
  text = std::regex_replace(text, std::regex(R"(\{endpoint\}: \{endpoint\})"), "{endpoint}");
  // libcurl names the TLS library's patch release, which moves with Debian's security updates.
  text = std::regex_replace(text, std::regex(R"(OpenSSL/\d+\.\d+\.\d+)"), "OpenSSL/3.x");
  text = std::regex_replace(text, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?)"), "TIME");
  text = std::regex_replace(
      text, std::regex(R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"), "UUID");
  text = std::regex_replace(text, std::regex(R"(_[0-9a-f]{32})"), "_ID");
  text = std::regex_replace(text, std::regex(R"(after \d+ milliseconds with \d+ bytes)"),
                            "after N milliseconds with N bytes");
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '|', '/');
  constexpr size_t shown = 240;
  if (text.size() > shown) {
    size_t cut = shown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut; // do not split a UTF-8 sequence
    }
    text = text.substr(0, cut) + " …";
  }
  return text;
}

struct MatrixRow {
  const FaultCase* fault;
  Verdict verdict;
  std::string reason;
};

std::string render_matrix(const std::vector<MatrixRow>& rows) {
  std::ostringstream out;
  out << "| fault kind | endpoint | criterion | verdict | reason (as reported) |\n";
  out << "|---|---|---|---|---|\n";
  for (const auto& row : rows) {
    out << "| " << row.fault->kind << " | " << row.fault->endpoint << " (" << row.fault->scenario << ") | "
        << row.fault->criterion << " | " << to_danish(row.verdict) << " | " << stable_reason(row.reason) << " |\n";
  }
  return out.str();
}

// Replaces the text between the markers; fails when the markers are missing.
bool update_document(const std::string& path, const std::string& table) {
  const std::string begin_marker = "<!-- fault-matrix:begin -->";
  const std::string end_marker = "<!-- fault-matrix:end -->";
  std::string document = read_file(path);
  const size_t begin = document.find(begin_marker);
  const size_t end = document.find(end_marker);
  if (begin == std::string::npos || end == std::string::npos || end < begin) {
    return false;
  }
  const std::string updated = document.substr(0, begin + begin_marker.size()) + "\n" + table + document.substr(end);
  if (updated != document) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << updated;
  }
  return true;
}

void dump(const std::string& scenario, const engine::Assessment& assessment) {
  for (const auto& interface : assessment.interfaces) {
    for (const auto& outcome : interface.criteria) {
      if (outcome.method.rfind("probe", 0) == 0) {
        std::cerr << scenario << " " << outcome.criterion_id << " [" << to_danish(outcome.verdict) << "] "
                  << outcome.duration_ms << " ms: " << outcome.reason << "\n";
      }
    }
  }
}

} // namespace

TEST_SUITE("robustness::fault_matrix") {
  TEST_CASE("every fixture fault gives the right criterion a precise Nej/Ikke testet, no hang, a workbook") {
    std::vector<std::string> scenarios;
    for (const auto& fault : fault_cases()) {
      if (std::find(scenarios.begin(), scenarios.end(), fault.scenario) == scenarios.end()) {
        scenarios.push_back(fault.scenario);
      }
    }
    REQUIRE(fault_cases().size() >= 15);

    std::vector<MatrixRow> rows;
    bool all_passed = true;
    for (const auto& scenario : scenarios) {
      CAPTURE(scenario);
      TemporaryDirectory dir;
      const CheckRun run = check_scenario(scenario, dir.path(), transfer_timeout);
      if (std::getenv("KLARMELD_ROBUSTNESS_DUMP") != nullptr) {
        dump(scenario, run.assessment);
      }

      // The spreadsheet is still written, and reads back with the same verdicts.
      const std::string workbook_path = dir.path() + "/klarmelding.xlsx";
      const Status written = report::write_readiness_workbook(run.assessment, workbook_path);
      REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().render()));
      auto workbook = report::read_readiness_workbook(workbook_path);
      REQUIRE_MESSAGE(workbook.ok(), (workbook.ok() ? "" : workbook.error().render()));

      // Criteria the faults do not target may do CPU work (RSA keys for forged tokens): a looser bound.
      for (const auto& interface : run.assessment.interfaces) {
        for (const auto& outcome : interface.criteria) {
          CAPTURE(outcome.criterion_id);
          CHECK(outcome.duration_ms <= other_bound.count());
        }
      }
      CHECK(run.wall <= run_bound);
      for (const auto& fault : fault_cases()) {
        if (fault.scenario != scenario) {
          continue;
        }
        CAPTURE(fault.kind);
        const engine::CriterionOutcome* outcome = find_criterion(run.assessment, fault.criterion);
        REQUIRE_MESSAGE(outcome != nullptr, fault.criterion);
        CAPTURE(outcome->reason);
        const bool verdict_ok = verdict_matches(outcome->verdict, fault.expect);
        const bool reason_ok = contains(outcome->reason, fault.reason);
        const bool in_time = outcome->duration_ms <= hang_bound.count();
        CHECK_MESSAGE(in_time, outcome->duration_ms << " ms");
        CHECK(verdict_ok);
        CHECK_MESSAGE(reason_ok, "reason lacks \"" << fault.reason << "\"");
        const report::WorkbookCriterion* in_workbook = workbook->find_criterion(fault.criterion);
        REQUIRE(in_workbook != nullptr);
        CHECK(in_workbook->verdict == outcome->verdict);
        all_passed = all_passed && in_time && verdict_ok && reason_ok && in_workbook->verdict == outcome->verdict;
        rows.push_back({&fault, outcome->verdict, outcome->reason});
      }
    }

    // Only a matrix whose every row holds is written into the document.
    if (all_passed) {
      const std::string document = std::string(KLARMELD_SOURCE_DIR) + "/docs/robustness.md";
      CHECK_MESSAGE(update_document(document, render_matrix(rows)), "markers missing in " << document);
    }
  }
}
