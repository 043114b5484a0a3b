#include "report/json_writer.hpp"

#include <array>

#include "report/json_out.hpp"
#include "util/files.hpp"

namespace klarmeld::report {
namespace {

void write_criterion(JsonOut& out, const engine::CriterionOutcome& criterion) {
  out.begin_object();
  out.field("id", criterion.criterion_id);
  out.field("number", criterion.number);
  out.field("text", criterion.text_da);
  out.field("text_en", criterion.text_en);
  out.field("source", criterion.published ? "published" : "drafted");
  out.field("required", criterion.required);
  out.field("verdict", to_key(criterion.verdict));
  out.field("method", criterion.method);
  out.field("reason", criterion.reason);
  out.field("decided_at", criterion.decided_at);
  out.field("duration_ms", criterion.duration_ms);
  out.key("evidence");
  out.begin_object();
  out.field("ref", criterion.evidence_ref);
  out.field("sha256", criterion.evidence_sha256);
  out.field("confirmed_by", criterion.confirmed_by);
  out.end_object();
  out.key("facts");
  out.begin_array();
  for (const auto& fact : criterion.facts) {
    out.begin_object();
    out.field("key", fact.key);
    out.field("value", fact.value);
    out.end_object();
  }
  out.end_array();
  out.key("warnings");
  out.begin_array();
  for (const auto& warning : criterion.warnings) {
    out.value(warning);
  }
  out.end_array();
  out.end_object();
}

void write_interface(JsonOut& out, const engine::InterfaceOutcome& interface) {
  out.begin_object();
  out.field("id", interface.id);
  out.field("name", interface.name_da);
  out.field("name_en", interface.name_en);
  out.field("declaration", profile::to_yaml_word(interface.declaration));
  out.field("assessed", interface.assessed);
  out.field("klarmeldt", to_key(interface.klarmeldt));
  out.field("remarks", interface.remarks);
  out.key("criteria");
  out.begin_array();
  for (const auto& criterion : interface.criteria) {
    write_criterion(out, criterion);
  }
  out.end_array();
  out.end_object();
}

void write_summary(JsonOut& out, const engine::Assessment& assessment) {
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
  out.key("summary");
  out.begin_object();
  out.field("interfaces", static_cast<int>(assessment.interfaces.size()));
  out.field("assessed", assessed);
  out.field("klarmeldt", klarmeldt);
  out.key("criteria");
  out.begin_object();
  for (Verdict verdict : {Verdict::Ja, Verdict::Nej, Verdict::IkkeTestet, Verdict::IkkeRelevant}) {
    out.field(to_key(verdict), by_verdict.at(static_cast<std::size_t>(verdict)));
  }
  out.end_object();
  out.end_object();
}

} // namespace

std::string render_json(const engine::Assessment& assessment) {
  JsonOut out;
  out.begin_object();
  out.field("schema_version", json_schema_version);
  out.field("tool", assessment.tool_identity);
  out.key("vendor");
  out.begin_object();
  out.field("name", assessment.vendor_name);
  out.field("cvr", assessment.vendor_cvr);
  out.end_object();
  out.key("system");
  out.begin_object();
  out.field("name", assessment.system_name);
  out.field("version", assessment.system_version);
  out.end_object();
  out.key("pilot_municipality");
  out.begin_object();
  out.field("name", assessment.municipality_name);
  out.field("code", assessment.municipality_code);
  out.end_object();
  out.key("catalog");
  out.begin_object();
  out.field("identity", assessment.catalog_identity);
  out.field("version", assessment.catalog_version);
  out.field("sha256", assessment.catalog_sha256);
  out.end_object();
  out.field("profile_sha256", assessment.profile_sha256);
  out.key("run");
  out.begin_object();
  out.field("started_at", assessment.started_at);
  out.field("finished_at", assessment.finished_at);
  out.field("incomplete", assessment.incomplete);
  out.field("incomplete_reason", assessment.incomplete_reason);
  out.end_object();
  engine::Readiness readiness = assessment.readiness();
  out.field("readiness", readiness == engine::Readiness::Ready             ? "ready"
                         : readiness == engine::Readiness::PendingEvidence ? "pending_evidence"
                                                                           : "not_ready");
  write_summary(out, assessment);
  out.key("interfaces");
  out.begin_array();
  for (const auto& interface : assessment.interfaces) {
    write_interface(out, interface);
  }
  out.end_array();
  out.end_object();
  return out.finish();
}

Status write_json(const engine::Assessment& assessment, const std::string& path) {
  return write_file_atomically(path, render_json(assessment));
}

} // namespace klarmeld::report
