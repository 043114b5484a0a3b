#include <algorithm>
#include <array>
#include <cstdint>

#include "report/xlsx_sheets.hpp"

namespace klarmeld::report::xlsx {
namespace {

enum Column : lxw_col_t {
  criterion_column,
  interface_column,
  method_column,
  result_column,
  required_column,
  time_column,
  duration_column,
  reason_column,
  evidence_column,
  evidence_sha256_column,
  confirmed_by_column,
  facts_column,
  warnings_column,
  column_count,
};

constexpr std::uint16_t documentation_print_scale = 80;

// At the print scale below two A4 landscape pages hold about 130 characters of column width each,
// criterion and interface included: method to reason fill the first, evidence to warnings the second.
constexpr std::array<double, column_count> widths{12, 11, 14, 13, 9, 20, 9, 40, 22, 18, 16, 32, 17};

// "probe:sts.issue" → "sts.issue"; "manual" → "manuel" (Danish) — what a reader needs to know.
std::string method_word(const std::string& method, const WorkbookLabels& labels) {
  constexpr std::string_view probe_prefix = "probe:";
  if (method == "manual") {
    return std::string(labels.method_manual);
  }
  if (method.starts_with(probe_prefix)) {
    return method.substr(probe_prefix.size());
  }
  return method;
}

std::string joined_facts(const std::vector<probes::Fact>& facts) {
  std::string joined;
  for (const auto& fact : facts) {
    if (!joined.empty()) {
      joined += "; ";
    }
    joined += fact.key + "=" + fact.value;
  }
  return joined;
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const auto& line : lines) {
    if (!joined.empty()) {
      joined += '\n';
    }
    joined += line;
  }
  return joined;
}

void write_header(SheetWriter& sheet) {
  const auto& labels = sheet.labels();
  const std::array<std::string_view, column_count> headings{
      labels.doc_criterion,       labels.doc_interface,    labels.doc_method,
      labels.doc_result,          labels.doc_required,     labels.doc_time,
      labels.doc_duration,        labels.doc_reason,       labels.doc_evidence,
      labels.doc_evidence_sha256, labels.doc_confirmed_by, labels.doc_facts,
      labels.doc_warnings,
  };
  double height = 0;
  for (lxw_col_t col = 0; col < column_count; ++col) {
    sheet.column(col, col, widths.at(col));
    sheet.text(0, col, headings.at(col), sheet.formats().table_header);
    height = std::max(height, wrapped_row_height(headings.at(col), widths.at(col)));
  }
  // Headings wrap in their columns ("Varighed (ms)"); rows do not grow by themselves (libxlsxwriter).
  sheet.row_height(0, height);
}

void write_criterion_row(SheetWriter& sheet, lxw_row_t row, const engine::InterfaceOutcome& interface,
                         const engine::CriterionOutcome& criterion) {
  const auto& labels = sheet.labels();
  lxw_format* cell = sheet.formats().cell;
  sheet.text(row, criterion_column, criterion.criterion_id, cell);
  sheet.text(row, interface_column, interface.id, cell);
  sheet.text(row, method_column, method_word(criterion.method, labels), cell);
  sheet.verdict(row, result_column, criterion.verdict);
  sheet.text(row, required_column, criterion.required ? labels.yes : labels.no, cell);
  sheet.text(row, time_column, criterion.decided_at, cell);
  sheet.number(row, duration_column, static_cast<double>(criterion.duration_ms), cell);
  sheet.text(row, reason_column, criterion.reason, cell);
  sheet.text(row, evidence_column, criterion.evidence_ref, cell);
  sheet.text(row, evidence_sha256_column, criterion.evidence_sha256, cell);
  sheet.text(row, confirmed_by_column, criterion.confirmed_by, cell);
  std::string facts = joined_facts(criterion.facts);
  sheet.text(row, facts_column, facts, cell);
  std::string warnings = joined_lines(criterion.warnings);
  sheet.text(row, warnings_column, warnings, cell);
  double height = std::max({wrapped_row_height(criterion.reason, widths.at(reason_column)),
                            wrapped_row_height(facts, widths.at(facts_column)),
                            wrapped_row_height(warnings, widths.at(warnings_column)),
                            wrapped_row_height(criterion.evidence_ref, widths.at(evidence_column))});
  sheet.row_height(row, height);
}

} // namespace

Status write_documentation_sheet(SheetWriter& sheet, const engine::Assessment& assessment) {
  write_header(sheet);
  lxw_row_t row = 1;
  for (const auto& interface : assessment.interfaces) {
    for (const auto& criterion : interface.criteria) {
      write_criterion_row(sheet, row, interface, criterion);
      ++row;
    }
  }
  if (row > 1) {
    sheet.verdict_cells(1, row - 1, result_column);
  }
  sheet.autofilter(0, row > 1 ? row - 1 : 0, 0, column_count - 1);
  // Thirteen wide columns fitted to one page would print at about 5 pt. A fixed 80 % keeps the 11 pt text
  // at 8.8 pt; the columns that do not fit continue on the next page, with criterion and interface
  // repeated so every printed page names its rows.
  sheet.page_setup({.header_rows = 1, .header_columns = 2, .scale = documentation_print_scale});
  return sheet.status();
}

} // namespace klarmeld::report::xlsx
