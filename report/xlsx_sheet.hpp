// Internal to the xlsx writer: a worksheet wrapper that checks every libxlsxwriter return code and
// keeps the first failure, so sheet layout code reads as layout rather than as error plumbing.
#pragma once

#include <xlsxwriter.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "criteria/model/verdict.hpp"
#include "report/workbook_labels.hpp"
#include "util/result.hpp"

namespace klarmeld::report::xlsx {

// Formats are owned by the workbook (freed by workbook_close).
struct Formats {
  lxw_format* title = nullptr;
  lxw_format* label = nullptr;        // header-block labels: bold, filled
  lxw_format* value = nullptr;        // header-block values
  lxw_format* note = nullptr;         // small grey text (CVR, kommunekode)
  lxw_format* table_header = nullptr; // bold, filled, bordered, wrapped
  lxw_format* cell = nullptr;         // bordered, wrapped, top-aligned
  lxw_format* cell_centered = nullptr;
  lxw_format* link = nullptr;               // like cell, blue underlined
  lxw_format* subtle = nullptr;             // bordered, wrapped, grey italic (drafted-text marker)
  lxw_format* warning_line = nullptr;       // the "run incomplete" line: bold on red
  std::array<lxw_format*, 4> verdict{};     // explicit fill per Verdict (index = enum value)
  std::array<lxw_format*, 4> conditional{}; // the same colours as conditional (dxf) formats
};

Result<Formats> make_formats(lxw_workbook* workbook);

class SheetWriter {
public:
  SheetWriter(lxw_worksheet* sheet, std::string name, const Formats& formats, Language language);

  void text(lxw_row_t row, lxw_col_t col, std::string_view value, lxw_format* format);
  void number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format);
  void merged_text(lxw_row_t row, lxw_col_t first_col, lxw_col_t last_col, std::string_view value, lxw_format* format);
  void verdict(lxw_row_t row, lxw_col_t col, Verdict verdict);
  // "Afventer dokumentation" in Ikke testet's yellow: not decided, nothing disproven (issue #14 item 4).
  void pending_evidence(lxw_row_t row, lxw_col_t col);
  // A cell whose text links to cell A1 of another sheet in this workbook.
  void sheet_link(lxw_row_t row, lxw_col_t col, std::string_view text, std::string_view target_sheet,
                  lxw_format* format);
  // The sheet tab in the verdict's colour, so a reader sees the state without opening the sheet.
  void tab_colour(Verdict verdict);
  void column(lxw_col_t first, lxw_col_t last, double width);
  void row_height(lxw_row_t row, double height);
  // Dropdown (Ja, Nej, Ikke testet, Ikke relevant) plus green/red/yellow/grey conditional formats,
  // so a municipality editing a cell keeps KOMBIT's colours.
  void verdict_cells(lxw_row_t first_row, lxw_row_t last_row, lxw_col_t col);
  // How the sheet goes onto A4 paper (frozen and repeated header rows, orientation, scaling). Every
  // setting is written explicitly, so LibreOffice and Excel print the same pages.
  struct PrintLayout {
    lxw_row_t header_rows = 0;    // frozen on screen and repeated on every printed page
    lxw_col_t header_columns = 0; // repeated on every printed page (only with a fixed scale)
    bool landscape = true;
    std::uint16_t pages_tall = 0; // with fit to width: 0 = as many pages as needed
    std::uint16_t scale = 0;      // percent; 0 = fit to one page wide instead of a fixed scale
  };
  void page_setup(const PrintLayout& layout);
  // A4 landscape fitted to one page wide, header rows repeated.
  void page_setup(lxw_row_t header_rows) { page_setup(PrintLayout{.header_rows = header_rows}); }
  void autofilter(lxw_row_t first_row, lxw_row_t last_row, lxw_col_t first_col, lxw_col_t last_col);

  Status status() const;
  const Formats& formats() const { return m_formats; }
  const WorkbookLabels& labels() const { return labels_for(m_language); }
  Language language() const { return m_language; }

private:
  void check(lxw_error error, const char* what);

  lxw_worksheet* m_sheet;
  std::string m_name;
  const Formats& m_formats;
  Language m_language;
  std::optional<Error> m_error;
};

// A row height that shows all of a wrapped text in a column of the given width (Excel does not
// grow rows for wrapped text written by libxlsxwriter).
double wrapped_row_height(std::string_view text, double column_width);

} // namespace klarmeld::report::xlsx
