#include <utility>
#include <vector>

#include "report/xlsx_sheets.hpp"

namespace klarmeld::report::xlsx {
namespace {

// Row layout (0-based), following klarmeldingsregneark v. 1: title, header block labels, values,
// identifiers, a blank row, then the interface table.
constexpr lxw_row_t title_row = 0;
constexpr lxw_row_t overview_label_row = 1;
constexpr lxw_row_t overview_value_row = 2;
constexpr lxw_row_t header_note_row = 3;
constexpr lxw_row_t overview_table_header_row = 5;
constexpr lxw_row_t first_interface_row = overview_table_header_row + 1;

constexpr double overview_width_number = 20;
constexpr double width_name = 48;
constexpr double width_declaration = 28;
// "Afventer dokumentation" in bold on one line (it was clipped at 18 when printed).
constexpr double width_klarmeldt = 25;

void write_overview_header(SheetWriter& sheet, const engine::Assessment& assessment) {
  const auto& labels = sheet.labels();
  const auto& formats = sheet.formats();
  sheet.text(title_row, 0, labels.title, formats.title);
  sheet.text(overview_label_row, 0, labels.vendor, formats.label);
  sheet.text(overview_label_row, 1, labels.system, formats.label);
  sheet.text(overview_label_row, 2, labels.municipality, formats.label);
  sheet.text(overview_label_row, 3, labels.version, formats.label);
  sheet.text(overview_value_row, 0, assessment.vendor_name, formats.value);
  sheet.text(overview_value_row, 1, assessment.system_name, formats.value);
  sheet.text(overview_value_row, 2, assessment.municipality_name, formats.value);
  sheet.text(overview_value_row, 3, assessment.system_version, formats.value);
  if (!assessment.vendor_cvr.empty()) {
    sheet.text(header_note_row, 0, std::string(labels.cvr_prefix) + assessment.vendor_cvr, formats.note);
  }
  if (assessment.municipality_code != 0) {
    sheet.text(header_note_row, 2,
               std::string(labels.municipality_code_prefix) + std::to_string(assessment.municipality_code),
               formats.note);
  }
}

lxw_row_t write_interface_table(SheetWriter& sheet, const engine::Assessment& assessment) {
  const auto& labels = sheet.labels();
  const auto& formats = sheet.formats();
  sheet.text(overview_table_header_row, 0, labels.interface_number, formats.table_header);
  sheet.text(overview_table_header_row, 1, labels.integrations, formats.table_header);
  sheet.text(overview_table_header_row, 2, labels.self_declaration, formats.table_header);
  sheet.text(overview_table_header_row, 3, labels.klarmeldt, formats.table_header);
  lxw_row_t row = first_interface_row;
  for (const auto& interface : assessment.interfaces) {
    if (interface.assessed) {
      sheet.sheet_link(row, 0, interface.id, interface.id, formats.link); // its own sheet exists
    } else {
      sheet.text(row, 0, interface.id, formats.cell);
    }
    sheet.text(row, 1, localized(interface.name_da, interface.name_en, sheet.language()), formats.cell);
    sheet.text(row, 2, declaration_word(interface.declaration, sheet.language()), formats.cell);
    if (interface.pending_evidence) {
      sheet.pending_evidence(row, 3);
    } else {
      sheet.verdict(row, 3, interface.klarmeldt);
    }
    ++row;
  }
  if (!assessment.interfaces.empty()) {
    sheet.verdict_cells(first_interface_row, row - 1, 3);
  }
  return row;
}

void write_run_facts(SheetWriter& sheet, const engine::Assessment& assessment, lxw_row_t row) {
  const auto& labels = sheet.labels();
  const auto& formats = sheet.formats();
  engine::Readiness readiness = assessment.readiness();
  bool ready = readiness == engine::Readiness::Ready;
  const auto& state_words =
      sheet.language() == Language::English ? engine::run_state_english : engine::run_state_danish;
  const std::vector<std::pair<std::string_view, std::string>> facts{
      {labels.catalog_identity, assessment.catalog_identity},
      {labels.catalog_version, assessment.catalog_version},
      {labels.catalog_sha256, assessment.catalog_sha256},
      {labels.profile_sha256, assessment.profile_sha256},
      {labels.started_at, assessment.started_at},
      {labels.finished_at, assessment.finished_at},
      {labels.tool, assessment.tool_identity},
  };
  for (const auto& [label, value] : facts) {
    sheet.text(row, 0, label, formats.label);
    sheet.merged_text(row, 1, 3, value, formats.value);
    ++row;
  }
  // The overall line in KOMBIT's colours: green when ready, yellow when a partial run looks ready
  // (action required: run the rest), red otherwise.
  // It says what the exit code says (README "Exit codes"): 3 could not run, 0 ready, 5 awaiting
  // documentation (yellow: action required), 1 not ready.
  bool could_not_run = assessment.run_state == engine::RunState::CouldNotRun;
  bool pending = readiness == engine::Readiness::PendingEvidence;
  Verdict overall_colour = could_not_run || pending || (ready && assessment.incomplete) ? Verdict::IkkeTestet
                           : ready                                                      ? Verdict::Ja
                                                                                        : Verdict::Nej;
  std::string_view overall = could_not_run ? labels.overall_could_not_run
                             : ready       ? labels.overall_ready
                             : pending     ? labels.overall_pending
                                           : labels.overall_not_ready;
  sheet.text(row, 0, labels.overall, formats.label);
  sheet.merged_text(row, 1, 3, overall, formats.verdict.at(static_cast<std::size_t>(overall_colour)));
  ++row;
  // How far the run got, in words report/workbook_reader parses back: the signed sheet carries it.
  sheet.text(row, 0, labels.run_state, formats.label);
  sheet.merged_text(row, 1, 3, spelling_of(state_words, assessment.run_state), formats.value);
  ++row;
  if (assessment.incomplete) {
    // Visible in print and on screen: a partial run must never pass for a complete one.
    std::string line = std::string(labels.incomplete_prefix) + assessment.incomplete_reason;
    sheet.merged_text(row, 0, 3, line, formats.warning_line);
    sheet.row_height(
        row, wrapped_row_height(line, overview_width_number + width_name + width_declaration + width_klarmeldt));
  }
}

} // namespace

Status write_overview_sheet(SheetWriter& sheet, const engine::Assessment& assessment) {
  sheet.column(0, 0, overview_width_number);
  sheet.column(1, 1, width_name);
  sheet.column(2, 2, width_declaration);
  sheet.column(3, 3, width_klarmeldt);
  write_overview_header(sheet, assessment);
  lxw_row_t after_table = write_interface_table(sheet, assessment);
  write_run_facts(sheet, assessment, after_table + 1);
  // The overview is a one-page summary: portrait A4, the whole sheet scaled onto page 1, so the overall
  // result never spills onto a second page under a repeated header.
  sheet.page_setup({.header_rows = first_interface_row, .landscape = false, .pages_tall = 1});
  return sheet.status();
}

const std::string& localized(const std::string& danish, const std::string& english, Language language) {
  return language == Language::English && !english.empty() ? english : danish;
}

} // namespace klarmeld::report::xlsx
