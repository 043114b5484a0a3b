// A synthetic assessment for the report tests: three interfaces (one declared not relevant), Danish
// letters everywhere, and a Nej whose reason holds every XML/JSON metacharacter.
#pragma once

#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "engine/assessment.hpp"
#include "util/files.hpp"

namespace klarmeld::report_test {

inline const std::string nasty_reason = "StatusKode <44> & \"ukendt\" 'fejl' i svar fra Ørsted-lageret";

inline engine::CriterionOutcome criterion(std::string id, int number, Verdict verdict, std::string text_da,
                                          std::string method) {
  engine::CriterionOutcome outcome;
  outcome.criterion_id = std::move(id);
  outcome.number = number;
  outcome.text_da = std::move(text_da);
  outcome.verdict = verdict;
  outcome.method = std::move(method);
  return outcome;
}

inline engine::Assessment sample_assessment() {
  engine::Assessment assessment;
  assessment.vendor_name = "Æblegården Software A/S";
  assessment.vendor_cvr = "12345674";
  assessment.system_name = "Sagsbehandler Pro";
  assessment.system_version = "4.2";
  assessment.municipality_name = "Høje-Taastrup";
  assessment.municipality_code = 169;
  assessment.catalog_identity = "SKI 02.19 klarmeldingsregneark v. 1 (juni 2020), klarmeld-udgave";
  assessment.catalog_version = "1.0.0";
  assessment.catalog_sha256 = std::string(64, 'a');
  assessment.profile_sha256 = std::string(64, 'b');
  assessment.tool_identity = "klarmeld 0.1.0 (rev test)";
  assessment.started_at = "2026-11-23T09:15:02Z";
  assessment.finished_at = "2026-11-23T09:16:40Z";

  engine::InterfaceOutcome sf0810;
  sf0810.id = "SF0810";
  sf0810.name_da = "Indlæggelser og Udskrivninger";
  sf0810.declaration = profile::SelfDeclaration::IkkeRelevant;
  sf0810.assessed = false;
  sf0810.klarmeldt = Verdict::IkkeRelevant;
  for (int n = 1; n <= 3; ++n) {
    auto outcome = criterion("SF0810." + std::to_string(n), n, Verdict::IkkeRelevant,
                             "Leverandørens EOJ-løsning er klar til at anvende integrationen, hvis løsningen kan "
                             "modtage adviser om sygehusophold, trin " +
                                 std::to_string(n),
                             "manual");
    outcome.published = true;
    outcome.reason = "Leverandøren har angivet snitfladen som ikke relevant";
    sf0810.criteria.push_back(outcome);
  }

  engine::InterfaceOutcome sf1500;
  sf1500.id = "SF1500";
  sf1500.name_da = "Organisation services";
  sf1500.name_en = "Organisation services (EN)";
  sf1500.declaration = profile::SelfDeclaration::Anvendes;
  sf1500.klarmeldt = Verdict::Nej;
  sf1500.remarks = "SF1500.2 fejlede; SF1500.3 mangler evidens";
  auto ja =
      criterion("SF1500.1", 1, Verdict::Ja, "Leverandørens løsning kan hente et token fra STS", "probe:sts.issue");
  ja.text_en = "The vendor's solution can fetch a token from the STS";
  ja.reason = "token udstedt, gyldigt i 8 timer";
  ja.decided_at = "2026-11-23T09:15:10Z";
  ja.duration_ms = 412;
  ja.evidence_ref = "evidence/SF1500.1.xml";
  ja.evidence_sha256 = std::string(64, 'c');
  ja.facts = {{"assertion_id", "_a1b2"}, {"issuer", "https://sts.example/ø"}};
  ja.warnings = {"certifikatet udløber om 12 dage"};
  sf1500.criteria.push_back(ja);
  auto nej = criterion("SF1500.2", 2, Verdict::Nej, "Leverandørens løsning kan søge virksomheder (virksomhed/soeg)",
                       "probe:soap.call");
  nej.reason = nasty_reason;
  nej.decided_at = "2026-11-23T09:15:12Z";
  nej.duration_ms = 1250;
  nej.facts = {{"http_status", "500"}};
  sf1500.criteria.push_back(nej);
  auto untested =
      criterion("SF1500.3", 3, Verdict::IkkeTestet, "Leverandørens løsning viser organisationen korrekt", "manual");
  untested.reason = "ingen evidens i profilen";
  sf1500.criteria.push_back(untested);

  engine::InterfaceOutcome sf1514;
  sf1514.id = "SF1514";
  sf1514.name_da = "Sikkerhed Security Token Service, udgående";
  sf1514.declaration = profile::SelfDeclaration::UnderUdvikling;
  sf1514.klarmeldt = Verdict::Ja;
  auto manual = criterion("SF1514.1", 1, Verdict::Ja,
                          "Løsningen anvender funktionscertifikat fra Digitaliseringsstyrelsen", "manual");
  manual.evidence_ref = "https://eksempel.dk/bevis?a=1&b=2";
  manual.confirmed_by = "Jens Åge Sørensen, Høje-Taastrup Kommune";
  manual.decided_at = "2026-11-23T09:15:03Z";
  sf1514.criteria.push_back(manual);
  auto probe = criterion("SF1514.2", 2, Verdict::Ja, "Løsningen kan hente token via WS-Trust", "probe:sts.issue");
  probe.duration_ms = 300;
  probe.required = false;
  probe.decided_at = "2026-11-23T09:15:05Z";
  sf1514.criteria.push_back(probe);

  assessment.interfaces = {sf0810, sf1500, sf1514};
  return assessment;
}

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
public:
  TempDir() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("klarmeld-report-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
  std::filesystem::path m_path;
};

// Runs tests/tools/read_workbook.py with arguments; returns its stdout (throws when it fails).
inline std::string run_reader_script(const std::string& arguments, const TempDir& dir) {
  std::string output = dir.file("script-output.json");
  std::string command = std::string(KLARMELD_PYTHON3) + " " + KLARMELD_SOURCE_DIR + "/tests/tools/read_workbook.py " +
                        arguments + " > '" + output + "'";
  int status = std::system(command.c_str());
  if (status != 0) {
    throw std::runtime_error("read_workbook.py failed (" + std::to_string(status) + "): " + command);
  }
  auto text = read_file(output);
  if (!text) {
    throw std::runtime_error(text.error().message);
  }
  return *text;
}

} // namespace klarmeld::report_test
