// Every heading the readiness workbook shows, in both languages. The writer prints them; the reader
// finds cells by them, so a layout change made here stays consistent on both sides.
#pragma once

#include <string_view>

#include "report/language.hpp"

namespace klarmeld::report {

struct WorkbookLabels {
  // Sheet names.
  std::string_view overview_sheet;
  std::string_view documentation_sheet;
  // Overview: header block and table, as KOMBIT's template (klarmeldingsregneark v. 1, juni 2020).
  std::string_view title;
  std::string_view vendor;
  std::string_view system;
  std::string_view municipality;
  std::string_view version;
  std::string_view cvr_prefix;               // "CVR " + number under the vendor
  std::string_view municipality_code_prefix; // "Kommunekode " + code under the municipality
  std::string_view interface_number;
  std::string_view integrations;
  std::string_view self_declaration;
  std::string_view klarmeldt;
  // Overview: run facts below the table.
  std::string_view catalog_identity;
  std::string_view catalog_version;
  std::string_view catalog_sha256;
  std::string_view profile_sha256;
  std::string_view started_at;
  std::string_view finished_at;
  std::string_view tool;
  std::string_view overall;
  std::string_view overall_ready;
  std::string_view overall_not_ready;
  std::string_view overall_pending;       // the overall line when exit code 5
  std::string_view overall_could_not_run; // … when exit code 3
  std::string_view incomplete_prefix;     // "Kørslen er ufuldstændig: " + reason
  std::string_view run_state;             // "Kørselsstatus": engine/run_state.hpp's words
  std::string_view pending_evidence;      // an interface awaiting only manual evidence
  // Per-interface sheet.
  std::string_view overall_assessment;
  std::string_view remarks;
  // The remarks cell, composed in the sheet's language; the reasons stay on the Documentation sheet.
  std::string_view remarks_all_met;
  std::string_view remarks_required_met;
  std::string_view remarks_not_met; // "Ikke opfyldt: " + criterion (verdict), …
  std::string_view remarks_optional;
  std::string_view remarks_see_documentation;
  std::string_view integration;
  std::string_view number;
  std::string_view klarmelding;
  std::string_view criterion_text;
  std::string_view source;
  std::string_view source_published;
  std::string_view source_drafted;
  // Documentation sheet columns.
  std::string_view doc_criterion;
  std::string_view doc_interface;
  std::string_view doc_method;
  std::string_view doc_result;
  std::string_view doc_required;
  std::string_view doc_time;
  std::string_view doc_duration;
  std::string_view doc_reason;
  std::string_view doc_evidence;
  std::string_view doc_evidence_sha256;
  std::string_view doc_confirmed_by;
  std::string_view doc_facts;
  std::string_view doc_warnings;
  std::string_view method_manual;
  std::string_view yes;
  std::string_view no;
};

inline constexpr WorkbookLabels danish_labels{
    .overview_sheet = "Oversigt",
    .documentation_sheet = "Dokumentation",
    .title = "KLARMELDINGSREGNEARK",
    .vendor = "LEVERANDØR",
    .system = "SYSTEM",
    .municipality = "PILOTKOMMUNE",
    .version = "Version",
    .cvr_prefix = "CVR ",
    .municipality_code_prefix = "Kommunekode ",
    .interface_number = "SNITFLADE NUMMER",
    .integrations = "INTEGRATIONER",
    .self_declaration = "Leverandørens selvangivelse",
    .klarmeldt = "Klarmeldt",
    .catalog_identity = "Kriteriekatalog",
    .catalog_version = "Katalogversion",
    .catalog_sha256 = "Katalog SHA-256",
    .profile_sha256 = "Profil SHA-256",
    .started_at = "Kørsel startet (UTC)",
    .finished_at = "Kørsel afsluttet (UTC)",
    .tool = "Værktøj",
    .overall = "Samlet resultat",
    .overall_ready = "Klar: alle vurderede snitflader er klarmeldt",
    .overall_not_ready = "Ikke klar: mindst én vurderet snitflade er ikke klarmeldt",
    .overall_pending = "Afventer dokumentation: alle automatiske kriterier er opfyldt, manuel dokumentation mangler",
    .overall_could_not_run = "Kunne ikke gennemføres: testmiljøet kunne ikke nås",
    .incomplete_prefix = "Kørslen er ufuldstændig: ",
    .run_state = "Kørselsstatus",
    .pending_evidence = "Afventer dokumentation",
    .overall_assessment = "Samlet vurdering af klarmelding",
    .remarks = "Bemærkninger",
    .remarks_all_met = "Alle kriterier er opfyldt.",
    .remarks_required_met = "Alle krævede kriterier er opfyldt.",
    .remarks_not_met = "Ikke opfyldt: ",
    .remarks_optional = "valgfrit",
    .remarks_see_documentation = "Begrundelserne står på arket Dokumentation.",
    .integration = "Integration",
    .number = "Nr.",
    .klarmelding = "Klarmelding",
    .criterion_text = "Klarmeldingskriterium",
    .source = "Kilde",
    .source_published = "KOMBIT",
    .source_drafted = "Udkast (klarmeld)",
    .doc_criterion = "Kriterium",
    .doc_interface = "Snitflade",
    .doc_method = "Afgjort ved",
    .doc_result = "Resultat",
    .doc_required = "Påkrævet",
    .doc_time = "Tidspunkt (UTC)",
    .doc_duration = "Varighed (ms)",
    .doc_reason = "Begrundelse",
    .doc_evidence = "Evidens",
    .doc_evidence_sha256 = "Evidens SHA-256",
    .doc_confirmed_by = "Bekræftet af",
    .doc_facts = "Fakta",
    .doc_warnings = "Advarsler",
    .method_manual = "manuel",
    .yes = "Ja",
    .no = "Nej",
};

inline constexpr WorkbookLabels english_labels{
    .overview_sheet = "Overview",
    .documentation_sheet = "Documentation",
    .title = "READINESS WORKBOOK",
    .vendor = "VENDOR",
    .system = "SYSTEM",
    .municipality = "PILOT MUNICIPALITY",
    .version = "Version",
    .cvr_prefix = "CVR ",
    .municipality_code_prefix = "Municipality code ",
    .interface_number = "INTERFACE NUMBER",
    .integrations = "INTEGRATIONS",
    .self_declaration = "Vendor's self-declaration",
    .klarmeldt = "Ready",
    .catalog_identity = "Criteria catalog",
    .catalog_version = "Catalog version",
    .catalog_sha256 = "Catalog SHA-256",
    .profile_sha256 = "Profile SHA-256",
    .started_at = "Run started (UTC)",
    .finished_at = "Run finished (UTC)",
    .tool = "Tool",
    .overall = "Overall result",
    .overall_ready = "Ready: every assessed interface is ready",
    .overall_not_ready = "Not ready: at least one assessed interface is not ready",
    .overall_pending = "Awaiting documentation: every automated criterion passed, manual evidence is missing",
    .overall_could_not_run = "Could not run: the test environment could not be reached",
    .incomplete_prefix = "The run is incomplete: ",
    .run_state = "Run state",
    .pending_evidence = "Awaiting documentation",
    .overall_assessment = "Overall readiness assessment",
    .remarks = "Remarks",
    .remarks_all_met = "Every criterion is met.",
    .remarks_required_met = "Every required criterion is met.",
    .remarks_not_met = "Not met: ",
    .remarks_optional = "optional",
    .remarks_see_documentation = "The reasons are on the Documentation sheet.",
    .integration = "Integration",
    .number = "No.",
    .klarmelding = "Readiness",
    .criterion_text = "Readiness criterion",
    .source = "Source",
    .source_published = "KOMBIT",
    .source_drafted = "Draft (klarmeld)",
    .doc_criterion = "Criterion",
    .doc_interface = "Interface",
    .doc_method = "Decided by",
    .doc_result = "Result",
    .doc_required = "Required",
    .doc_time = "Time (UTC)",
    .doc_duration = "Duration (ms)",
    .doc_reason = "Reason",
    .doc_evidence = "Evidence",
    .doc_evidence_sha256 = "Evidence SHA-256",
    .doc_confirmed_by = "Confirmed by",
    .doc_facts = "Facts",
    .doc_warnings = "Warnings",
    .method_manual = "manual",
    .yes = "Yes",
    .no = "No",
};

constexpr const WorkbookLabels& labels_for(Language language) {
  return language == Language::English ? english_labels : danish_labels;
}

} // namespace klarmeld::report
