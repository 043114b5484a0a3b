#include "report/xlsx_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "report/text.hpp"

namespace klarmeld::report::xlsx {
namespace {

// Excel's cell limit is 32,767 characters; bytes >= characters, so a byte cap below it is safe.
constexpr std::size_t max_cell_bytes = 32000;
// Excel's maximum row height in points.
constexpr double max_row_height = 409.0;
constexpr double line_height = 15.0;
// Excel's paper-size table (ECMA-376-1 §18.3.1.63 pageSetup@paperSize): 9 = A4.
constexpr std::uint8_t a4_paper = 9;

struct VerdictColours {
  lxw_color_t fill;
  lxw_color_t font;
};

// KOMBIT's status colours: green = ready, red = cannot be met, yellow = action required (not yet
// tested), grey = not relevant. Index = Verdict enum value.
constexpr std::array<VerdictColours, 4> verdict_colours{{
    {0xC6EFCE, 0x006100}, // Ja
    {0xFFC7CE, 0x9C0006}, // Nej
    {0xFFEB9C, 0x9C5700}, // Ikke testet
    {0xD9D9D9, 0x404040}, // Ikke relevant
}};

constexpr std::array all_verdicts{Verdict::Ja, Verdict::Nej, Verdict::IkkeTestet, Verdict::IkkeRelevant};

lxw_format* bordered(lxw_format* format) {
  format_set_border(format, LXW_BORDER_THIN);
  format_set_border_color(format, 0xA6A6A6);
  return format;
}

std::string cell_text(std::string_view value) {
  return truncate_utf8(sanitize_text(value), max_cell_bytes);
}

} // namespace

Result<Formats> make_formats(lxw_workbook* workbook) {
  Formats formats;
  bool allocation_failed = false;
  auto add = [&]() {
    lxw_format* format = workbook_add_format(workbook);
    allocation_failed = allocation_failed || format == nullptr;
    return format;
  };
  formats.title = add();
  formats.label = add();
  formats.value = add();
  formats.note = add();
  formats.table_header = add();
  formats.cell = add();
  formats.cell_centered = add();
  formats.link = add();
  formats.subtle = add();
  formats.warning_line = add();
  for (auto& format : formats.verdict) {
    format = add();
  }
  for (auto& format : formats.conditional) {
    format = add();
  }
  if (allocation_failed) {
    return internal_error("xlsx.format", "libxlsxwriter could not allocate a cell format");
  }

  format_set_bold(formats.title);
  format_set_font_size(formats.title, 14);

  format_set_bold(formats.label);
  format_set_bg_color(formats.label, 0xDDEBF7);
  format_set_text_wrap(formats.label);
  format_set_align(formats.label, LXW_ALIGN_VERTICAL_TOP);
  bordered(formats.label);

  format_set_text_wrap(formats.value);
  format_set_align(formats.value, LXW_ALIGN_VERTICAL_TOP);
  bordered(formats.value);

  format_set_font_size(formats.note, 9);
  format_set_font_color(formats.note, 0x595959);

  format_set_bold(formats.table_header);
  format_set_bg_color(formats.table_header, 0x1F4E78);
  format_set_font_color(formats.table_header, 0xFFFFFF);
  format_set_text_wrap(formats.table_header);
  format_set_align(formats.table_header, LXW_ALIGN_VERTICAL_CENTER);
  bordered(formats.table_header);

  for (lxw_format* format : {formats.cell, formats.cell_centered, formats.link, formats.subtle}) {
    format_set_text_wrap(format);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    bordered(format);
  }
  format_set_align(formats.cell_centered, LXW_ALIGN_CENTER);
  format_set_underline(formats.link, LXW_UNDERLINE_SINGLE);
  format_set_font_color(formats.link, 0x0563C1);
  format_set_italic(formats.subtle);
  format_set_font_color(formats.subtle, 0x7F7F7F);

  format_set_bold(formats.warning_line);
  format_set_bg_color(formats.warning_line, 0xFFC7CE);
  format_set_font_color(formats.warning_line, 0x9C0006);
  format_set_text_wrap(formats.warning_line);
  bordered(formats.warning_line);

  for (std::size_t i = 0; i < verdict_colours.size(); ++i) {
    lxw_format* format = formats.verdict[i];
    format_set_bold(format);
    format_set_bg_color(format, verdict_colours[i].fill);
    format_set_font_color(format, verdict_colours[i].font);
    format_set_align(format, LXW_ALIGN_CENTER);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    // A word wider than its column ("Afventer dokumentation" in an interface sheet's assessment cell,
    // whose row is two lines tall) breaks onto the next line instead of spilling out and being clipped.
    format_set_text_wrap(format);
    bordered(format);
    format_set_bg_color(formats.conditional[i], verdict_colours[i].fill);
    format_set_font_color(formats.conditional[i], verdict_colours[i].font);
  }
  return formats;
}

SheetWriter::SheetWriter(lxw_worksheet* sheet, std::string name, const Formats& formats, Language language)
    : m_sheet(sheet), m_name(std::move(name)), m_formats(formats), m_language(language) {}

void SheetWriter::check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR && !m_error) {
    m_error = internal_error("xlsx.write", "sheet '" + m_name + "': " + what + " failed: " + lxw_strerror(error));
  }
}

void SheetWriter::text(lxw_row_t row, lxw_col_t col, std::string_view value, lxw_format* format) {
  std::string clean = cell_text(value);
  check(worksheet_write_string(m_sheet, row, col, clean.c_str(), format), "writing a cell");
}

void SheetWriter::number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format) {
  check(worksheet_write_number(m_sheet, row, col, value, format), "writing a number");
}

void SheetWriter::merged_text(lxw_row_t row, lxw_col_t first_col, lxw_col_t last_col, std::string_view value,
                              lxw_format* format) {
  std::string clean = cell_text(value);
  check(worksheet_merge_range(m_sheet, row, first_col, row, last_col, clean.c_str(), format), "merging cells");
}

void SheetWriter::verdict(lxw_row_t row, lxw_col_t col, Verdict verdict) {
  auto index = static_cast<std::size_t>(verdict);
  text(row, col, verdict_word(verdict, m_language), m_formats.verdict.at(index));
}

void SheetWriter::pending_evidence(lxw_row_t row, lxw_col_t col) {
  text(row, col, labels().pending_evidence, m_formats.verdict.at(static_cast<std::size_t>(Verdict::IkkeTestet)));
}

void SheetWriter::sheet_link(lxw_row_t row, lxw_col_t col, std::string_view text, std::string_view target_sheet,
                             lxw_format* format) {
  std::string clean = cell_text(text);
  std::string url = "internal:'" + std::string(target_sheet) + "'!A1";
  check(worksheet_write_url_opt(m_sheet, row, col, url.c_str(), format, clean.c_str(), nullptr), "writing a link");
}

void SheetWriter::tab_colour(Verdict verdict) {
  worksheet_set_tab_color(m_sheet, verdict_colours.at(static_cast<std::size_t>(verdict)).fill);
}

void SheetWriter::column(lxw_col_t first, lxw_col_t last, double width) {
  check(worksheet_set_column(m_sheet, first, last, width, nullptr), "setting a column width");
}

void SheetWriter::row_height(lxw_row_t row, double height) {
  check(worksheet_set_row(m_sheet, row, height, nullptr), "setting a row height");
}

void SheetWriter::verdict_cells(lxw_row_t first_row, lxw_row_t last_row, lxw_col_t col) {
  if (last_row < first_row) {
    return;
  }
  std::array<std::string, 4> words;
  std::array<char*, 5> list{};
  for (std::size_t i = 0; i < all_verdicts.size(); ++i) {
    words.at(i) = std::string(verdict_word(all_verdicts.at(i), m_language));
    list.at(i) = words.at(i).data();
  }
  lxw_data_validation validation{};
  validation.validate = LXW_VALIDATION_TYPE_LIST;
  validation.value_list = list.data();
  check(worksheet_data_validation_range(m_sheet, first_row, col, last_row, col, &validation),
        "adding the verdict dropdown");

  for (Verdict verdict : all_verdicts) {
    // A text comparison in a cellIs rule needs the quoted literal (ECMA-376-1 §18.3.1.10).
    std::string literal = "\"" + std::string(verdict_word(verdict, m_language)) + "\"";
    lxw_conditional_format rule{};
    rule.type = LXW_CONDITIONAL_TYPE_CELL;
    rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    rule.value_string = literal.data();
    rule.format = m_formats.conditional.at(static_cast<std::size_t>(verdict));
    check(worksheet_conditional_format_range(m_sheet, first_row, col, last_row, col, &rule), "adding verdict colours");
  }
}

void SheetWriter::page_setup(const PrintLayout& layout) {
  if (layout.header_rows > 0) {
    worksheet_freeze_panes(m_sheet, layout.header_rows, 0);
    check(worksheet_repeat_rows(m_sheet, 0, layout.header_rows - 1), "repeating header rows");
  }
  if (layout.header_columns > 0 && layout.scale > 0) {
    check(worksheet_repeat_columns(m_sheet, 0, layout.header_columns - 1), "repeating header columns");
  }
  if (layout.landscape) {
    worksheet_set_landscape(m_sheet);
  } else {
    worksheet_set_portrait(m_sheet);
  }
  worksheet_set_paper(m_sheet, a4_paper);
  // Inches (ECMA-376-1 §18.3.1.62 pageMargins): narrow sides leave room for the columns, top and
  // bottom keep the footer clear of the last row.
  worksheet_set_margins(m_sheet, 0.4, 0.4, 0.5, 0.6);
  if (layout.scale > 0) {
    // A fixed scale keeps small print readable; columns that do not fit continue on the next page,
    // which follows immediately (over, then down: ECMA-376-1 §18.3.1.63 pageOrder).
    worksheet_set_print_scale(m_sheet, layout.scale);
    worksheet_print_across(m_sheet);
  } else {
    worksheet_fit_to_pages(m_sheet, 1, layout.pages_tall);
  }
  const char* footer = m_language == Language::English ? "&L&A&RPage &P of &N" : "&L&A&RSide &P af &N";
  check(worksheet_set_footer(m_sheet, footer), "setting the footer");
}

void SheetWriter::autofilter(lxw_row_t first_row, lxw_row_t last_row, lxw_col_t first_col, lxw_col_t last_col) {
  check(worksheet_autofilter(m_sheet, first_row, first_col, last_row, last_col), "adding an autofilter");
}

Status SheetWriter::status() const {
  if (m_error) {
    return *m_error;
  }
  return Ok{};
}

double wrapped_row_height(std::string_view text, double column_width) {
  double characters_per_line = std::max(1.0, column_width * 1.1);
  double lines = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view paragraph =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    lines += std::max(1.0, std::ceil(static_cast<double>(count_code_points(paragraph)) / characters_per_line));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return std::min(max_row_height, std::max(1.0, lines) * line_height);
}

} // namespace klarmeld::report::xlsx
