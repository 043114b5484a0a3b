#include <string>

#include "report/xlsx_sheets.hpp"

namespace klarmeld::report::xlsx {
namespace {

// Row layout (0-based), following the per-interface sheet of klarmeldingsregneark v. 1.
constexpr lxw_row_t interface_label_row = 0;
constexpr lxw_row_t interface_value_row = 1;
constexpr lxw_row_t assessment_row = 3;
constexpr lxw_row_t remarks_row = 4;
constexpr lxw_row_t integration_row = 5;
constexpr lxw_row_t criteria_table_header_row = 7;
constexpr lxw_row_t first_criterion_row = criteria_table_header_row + 1;

constexpr double criterion_width_number = 24;
constexpr double width_klarmelding = 16;
constexpr double width_text = 90;
constexpr double width_source = 18;

void write_interface_header(SheetWriter& sheet, const engine::Assessment& assessment) {
  const auto& labels = sheet.labels();
  const auto& formats = sheet.formats();
  // The template's order here is LEVERANDØR / PILOTKOMMUNE / SYSTEM (unlike the overview).
  sheet.text(interface_label_row, 0, labels.vendor, formats.label);
  sheet.text(interface_label_row, 1, labels.municipality, formats.label);
  sheet.text(interface_label_row, 2, labels.system, formats.label);
  sheet.text(interface_value_row, 0, assessment.vendor_name, formats.value);
  sheet.text(interface_value_row, 1, assessment.municipality_name, formats.value);
  sheet.text(interface_value_row, 2, assessment.system_name, formats.value);
}

// The remarks in the sheet's language: which criteria are not met and how they stand. The engine's
// remarks carry each probe's reason, which is English protocol detail; on paper those reasons belong on
// the Documentation sheet, where each has its own row.
std::string remarks_text(const engine::InterfaceOutcome& interface, const WorkbookLabels& labels, Language language) {
  std::string open;
  for (const auto& criterion : interface.criteria) {
    if (criterion.verdict == Verdict::Ja || criterion.verdict == Verdict::IkkeRelevant) {
      continue;
    }
    open += (open.empty() ? "" : ", ") + criterion.criterion_id + " (" +
            std::string(verdict_word(criterion.verdict, language)) +
            (criterion.required ? "" : ", " + std::string(labels.remarks_optional)) + ")";
  }
  if (open.empty()) {
    return std::string(labels.remarks_all_met);
  }
  if (interface.pending_evidence) { // only manual evidence is awaited: not a failure (issue #14 item 4)
    return std::string(labels.pending_evidence) + ": " + open + ". " + std::string(labels.remarks_see_documentation);
  }
  std::string text = interface.klarmeldt == Verdict::Ja ? std::string(labels.remarks_required_met) + " " : "";
  return text + std::string(labels.remarks_not_met) + open + ". " + std::string(labels.remarks_see_documentation);
}

void write_assessment_block(SheetWriter& sheet, const engine::InterfaceOutcome& interface) {
  const auto& labels = sheet.labels();
  const auto& formats = sheet.formats();
  sheet.text(assessment_row, 0, labels.overall_assessment, formats.label);
  // The label wraps in its column; an explicit height keeps it clear of the remarks row below
  // (libxlsxwriter rows do not grow by themselves).
  sheet.row_height(assessment_row, wrapped_row_height(labels.overall_assessment, criterion_width_number));
  if (interface.pending_evidence) {
    sheet.pending_evidence(assessment_row, 1);
  } else {
    sheet.verdict(assessment_row, 1, interface.klarmeldt);
  }
  sheet.verdict_cells(assessment_row, assessment_row, 1);
  std::string remarks = remarks_text(interface, labels, sheet.language());
  sheet.text(remarks_row, 0, labels.remarks, formats.label);
  sheet.merged_text(remarks_row, 1, 3, remarks, formats.value);
  sheet.row_height(remarks_row, wrapped_row_height(remarks, width_klarmelding + width_text + width_source));
  sheet.text(integration_row, 0, labels.integration, formats.label);
  sheet.text(integration_row, 1, interface.id, formats.value);
  sheet.merged_text(integration_row, 2, 3, localized(interface.name_da, interface.name_en, sheet.language()),
                    formats.value);
}

void write_criteria_table(SheetWriter& sheet, const engine::InterfaceOutcome& interface) {
  const auto& labels = sheet.labels();
  const auto& formats = sheet.formats();
  sheet.text(criteria_table_header_row, 0, labels.number, formats.table_header);
  sheet.text(criteria_table_header_row, 1, labels.klarmelding, formats.table_header);
  sheet.text(criteria_table_header_row, 2, labels.criterion_text, formats.table_header);
  sheet.text(criteria_table_header_row, 3, labels.source, formats.table_header);
  lxw_row_t row = first_criterion_row;
  for (const auto& criterion : interface.criteria) {
    const std::string& text = localized(criterion.text_da, criterion.text_en, sheet.language());
    sheet.number(row, 0, criterion.number, formats.cell_centered);
    sheet.verdict(row, 1, criterion.verdict);
    sheet.text(row, 2, text, formats.cell);
    // Drafted texts are ours, not KOMBIT's: say so quietly on every row (klarmelding-source.md).
    if (criterion.published) {
      sheet.text(row, 3, labels.source_published, formats.cell);
    } else {
      sheet.text(row, 3, labels.source_drafted, formats.subtle);
    }
    sheet.row_height(row, wrapped_row_height(text, width_text));
    ++row;
  }
  if (!interface.criteria.empty()) {
    sheet.verdict_cells(first_criterion_row, row - 1, 1);
  }
}

} // namespace

Status write_interface_sheet(SheetWriter& sheet, const engine::Assessment& assessment,
                             const engine::InterfaceOutcome& interface) {
  sheet.column(0, 0, criterion_width_number);
  sheet.column(1, 1, width_klarmelding);
  sheet.column(2, 2, width_text);
  sheet.column(3, 3, width_source);
  sheet.tab_colour(interface.klarmeldt);
  write_interface_header(sheet, assessment);
  write_assessment_block(sheet, interface);
  write_criteria_table(sheet, interface);
  sheet.page_setup(first_criterion_row);
  return sheet.status();
}

} // namespace klarmeld::report::xlsx
