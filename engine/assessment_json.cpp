// The JSON shape of an assessment (docs/json-format.md, schema_version 1), next to the types.
#include <array>

#include "engine/assessment.hpp"
#include "util/json.hpp"

namespace klarmeld::engine {

const char* readiness_key(Readiness readiness) {
  return readiness == Readiness::Ready             ? "ready"
         : readiness == Readiness::PendingEvidence ? "pending_evidence"
                                                   : "not_ready";
}

namespace {

Json summary(const Assessment& assessment) {
  int assessed = 0;
  int klarmeldt = 0;
  std::array<int, 4> by_verdict{};
  for (const auto& interface : assessment.interfaces) {
    assessed += interface.assessed ? 1 : 0;
    klarmeldt += interface.assessed && interface.klarmeldt == Verdict::Ja ? 1 : 0;
    for (const auto& criterion : interface.criteria) {
      ++by_verdict.at(static_cast<std::size_t>(criterion.verdict));
    }
  }
  Json criteria = Json::object();
  for (Verdict verdict : {Verdict::Ja, Verdict::Nej, Verdict::IkkeTestet, Verdict::IkkeRelevant}) {
    criteria[to_key(verdict)] = by_verdict.at(static_cast<std::size_t>(verdict));
  }
  return {{"interfaces", static_cast<int>(assessment.interfaces.size())},
          {"assessed", assessed},
          {"klarmeldt", klarmeldt},
          {"criteria", std::move(criteria)}};
}

} // namespace

void to_json(Json& json, const CriterionOutcome& criterion) {
  Json facts = Json::array();
  for (const auto& fact : criterion.facts) {
    facts.push_back({{"key", fact.key}, {"value", fact.value}});
  }
  json = {{"id", criterion.criterion_id},
          {"number", criterion.number},
          {"text", criterion.text_da},
          {"text_en", criterion.text_en},
          {"source", criterion.published ? "published" : "drafted"},
          {"required", criterion.required},
          {"verdict", to_key(criterion.verdict)},
          {"method", criterion.method},
          {"reason", criterion.reason},
          {"decided_at", criterion.decided_at},
          {"duration_ms", criterion.duration_ms},
          {"evidence",
           {{"ref", criterion.evidence_ref},
            {"sha256", criterion.evidence_sha256},
            {"confirmed_by", criterion.confirmed_by}}},
          {"facts", std::move(facts)},
          {"warnings", criterion.warnings}};
}

void to_json(Json& json, const InterfaceOutcome& interface) {
  json = {{"id", interface.id},
          {"name", interface.name_da},
          {"name_en", interface.name_en},
          {"declaration", profile::to_yaml_word(interface.declaration)},
          {"assessed", interface.assessed},
          {"klarmeldt", to_key(interface.klarmeldt)},
          {"pending_evidence", interface.pending_evidence},
          {"remarks", interface.remarks},
          {"criteria", interface.criteria}};
}

void to_json(Json& json, const Assessment& assessment) {
  json = {{"schema_version", json_schema_version},
          {"tool", assessment.tool_identity},
          {"vendor", {{"name", assessment.vendor_name}, {"cvr", assessment.vendor_cvr}}},
          {"system", {{"name", assessment.system_name}, {"version", assessment.system_version}}},
          {"pilot_municipality", {{"name", assessment.municipality_name}, {"code", assessment.municipality_code}}},
          {"catalog",
           {{"identity", assessment.catalog_identity},
            {"version", assessment.catalog_version},
            {"sha256", assessment.catalog_sha256}}},
          {"profile_sha256", assessment.profile_sha256},
          {"run",
           {{"state", run_state_key(assessment.run_state)},
            {"started_at", assessment.started_at},
            {"finished_at", assessment.finished_at},
            {"incomplete", assessment.incomplete},
            {"incomplete_reason", assessment.incomplete_reason}}},
          {"readiness", readiness_key(assessment.readiness())},
          {"summary", summary(assessment)},
          {"interfaces", assessment.interfaces}};
}

} // namespace klarmeld::engine
