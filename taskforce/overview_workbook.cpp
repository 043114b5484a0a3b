#include "taskforce/overview_workbook.hpp"

#include <algorithm>

#include <array>
#include <cstdint>
#include <filesystem>

#include <xlsxwriter.h>

#include "taskforce/verdict_style.hpp"

namespace klarmeld::taskforce {
namespace {

// Matrix columns before the interfaces.
constexpr lxw_col_t matrix_lead_columns = 4;
// Two lines of the default 11 pt font (15 pt a line).
constexpr double two_line_row_height = 30;

void write_text(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& text,
                lxw_format* format = nullptr) {
  worksheet_write_string(sheet, row, col, text.c_str(), format);
}

void write_header(lxw_worksheet* sheet, const std::vector<std::string>& headings, lxw_format* format) {
  for (size_t col = 0; col < headings.size(); ++col) {
    write_text(sheet, 0, static_cast<lxw_col_t>(col), headings[col], format);
  }
  worksheet_freeze_panes(sheet, 1, 0);
}

// On paper: A4 landscape (the matrix is wide), one page wide, the heading row repeated on every page,
// explicit margins and a page-numbered footer, so LibreOffice and Excel print the same pages.
void print_setup(lxw_worksheet* sheet) {
  constexpr std::uint8_t a4_paper = 9; // ECMA-376-1 §18.3.1.63 pageSetup@paperSize
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, a4_paper);
  worksheet_set_margins(sheet, 0.4, 0.4, 0.5, 0.6);
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_repeat_rows(sheet, 0, 0);
  worksheet_set_footer(sheet, "&L&A&RSide &P af &N");
}

// The Input sheet's status: counted, listed beside the klarmeldinger (a rollout overview), or left out
// with its exclusion code (the Udeladte filer sheet gives the reason).
std::string input_status(const InspectedFile& file) {
  if (file.accepted) {
    return "Medtaget";
  }
  if (is_rollout_overview(file)) {
    return "Udrulningsoversigt (tælles ikke)";
  }
  return "Udeladt (" + file.exclusion_code + ")";
}

std::string catalog_note(const InspectedFile& file) {
  std::string note;
  if (file.older_catalog) {
    note += "Ældre katalogversion " + file.catalog_version + " (" + file.catalog_identity + ")";
  }
  if (!file.unknown_interfaces.empty()) {
    note += note.empty() ? "" : "; ";
    note += "Grænseflader uden for kataloget:";
    for (const std::string& id : file.unknown_interfaces) {
      note += " " + id;
    }
  }
  if (file.incomplete) {
    note += note.empty() ? "" : "; ";
    note += "Ufuldstændig kørsel";
  }
  if (is_rollout_overview(file)) {
    note += (note.empty() ? "" : "; ") + file.exclusion_reason; // inspect_file's words for what it is
  }
  if (!file.conflict_note.empty()) {
    note += (note.empty() ? "" : "; ") + file.conflict_note;
  }
  if (!file.criteria_note.empty()) {
    note += (note.empty() ? "" : "; ") + file.criteria_note;
  }
  return note;
}

// The matrix has no free column (every column after the lead is an interface), so a counted file with a
// same-time conflict is marked beside its system, the way an older catalog is marked beside its version.
std::string system_cell(const InspectedFile& file) {
  return file.system + (file.system_version.empty() ? "" : " " + file.system_version) +
         (file.conflict_note.empty() ? "" : " (konflikt)");
}

} // namespace

struct OverviewWorkbook::State {
  std::string path;
  std::string temporary;
  std::vector<std::string> columns;
  std::vector<std::string> column_names;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* matrix = nullptr;
  lxw_worksheet* interfaces = nullptr;
  lxw_worksheet* vendors = nullptr;
  lxw_worksheet* excluded = nullptr;
  lxw_worksheet* inputs = nullptr;
  lxw_format* heading = nullptr;
  lxw_format* percent = nullptr;
  std::array<lxw_format*, 4> verdict_formats{};
  lxw_row_t matrix_row = 1;
  lxw_row_t excluded_row = 1;
  lxw_row_t input_row = 1;

  ~State() {
    if (workbook != nullptr) {
      // Not finished (an error): close to free libxlsxwriter's memory, and drop the partial file.
      workbook_close(workbook);
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
    }
  }
};

OverviewWorkbook::OverviewWorkbook(std::unique_ptr<State> state) : m_state(std::move(state)) {}
OverviewWorkbook::~OverviewWorkbook() = default;

Result<std::unique_ptr<OverviewWorkbook>> OverviewWorkbook::create(const std::string& path,
                                                                   std::vector<std::string> columns,
                                                                   std::vector<std::string> column_names) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return runtime_error("aggregate.create",
                         "cannot write '" + path + "': directory '" + parent.string() + "' does not exist");
  }
  auto state = std::make_unique<State>();
  state->path = path;
  state->temporary = path + ".part";
  state->columns = std::move(columns);
  state->column_names = std::move(column_names);
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE; // rows flushed to per-sheet temporary files as they complete
  state->workbook = workbook_new_opt(state->temporary.c_str(), &options);
  if (state->workbook == nullptr) {
    return runtime_error("aggregate.create", "cannot create workbook '" + path + "'");
  }
  lxw_workbook* workbook = state->workbook;
  state->heading = workbook_add_format(workbook);
  format_set_bold(state->heading);
  format_set_bg_color(state->heading, 0x1F4E78);
  format_set_font_color(state->heading, 0xFFFFFF);
  state->percent = workbook_add_format(workbook);
  format_set_num_format(state->percent, "0.0%");
  for (Verdict verdict : all_verdicts) {
    lxw_format* format = workbook_add_format(workbook);
    format_set_bg_color(format, style_of(verdict).fill);
    format_set_font_color(format, style_of(verdict).font);
    format_set_border(format, LXW_BORDER_THIN);
    format_set_border_color(format, 0xA6A6A6);
    // "Afventer dokumentation" breaks onto two lines in its narrow column (the row is made tall enough
    // in add()) instead of running into the next cell, which clipped it to "Afventer dokum" on paper.
    format_set_text_wrap(format);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    state->verdict_formats[static_cast<size_t>(verdict)] = format;
  }
  state->matrix = workbook_add_worksheet(workbook, matrix_sheet);
  state->interfaces = workbook_add_worksheet(workbook, interfaces_sheet);
  state->vendors = workbook_add_worksheet(workbook, vendors_sheet);
  state->excluded = workbook_add_worksheet(workbook, excluded_sheet);
  state->inputs = workbook_add_worksheet(workbook, inputs_sheet);

  for (lxw_worksheet* sheet : {state->matrix, state->interfaces, state->vendors, state->excluded, state->inputs}) {
    print_setup(sheet);
  }
  // In constant-memory mode column widths must be set before any cell of the sheet.
  worksheet_set_column(state->matrix, 0, 2, 28, nullptr);
  worksheet_set_column(state->matrix, 3, 3, 14, nullptr);
  worksheet_set_column(state->matrix, matrix_lead_columns,
                       static_cast<lxw_col_t>(matrix_lead_columns + state->columns.size()), 12, nullptr);
  worksheet_set_column(state->excluded, 0, 0, 50, nullptr);
  worksheet_set_column(state->excluded, 1, 2, 40, nullptr);
  worksheet_set_column(state->inputs, 0, 0, 50, nullptr);
  worksheet_set_column(state->inputs, 1, 1, 66, nullptr);
  std::vector<std::string> matrix_headings{"Leverandør", "System", "Kommune", "Katalogversion"};
  matrix_headings.insert(matrix_headings.end(), state->columns.begin(), state->columns.end());
  write_header(state->matrix, matrix_headings, state->heading);
  write_header(state->excluded, {"Fil", "Årsag", "Begrundelse", "SHA-256", "Signatur(er)"}, state->heading);
  write_header(
      state->inputs,
      {"Fil", "SHA-256", "Status", "Signatur(er)", "Leverandør", "System", "Kommune", "Katalogversion", "Bemærkning"},
      state->heading);
  return std::unique_ptr<OverviewWorkbook>(new OverviewWorkbook(std::move(state)));
}

void OverviewWorkbook::add(const InspectedFile& file) {
  State& state = *m_state;
  if (file.accepted) {
    lxw_row_t row = state.matrix_row++;
    // Rows are written once, in order (constant_memory): the height is set before the row's cells.
    bool pending = std::any_of(file.cells.begin(), file.cells.end(),
                               [](const InterfaceCell& cell) { return cell.pending_evidence; });
    if (pending) {
      worksheet_set_row(state.matrix, row, two_line_row_height, nullptr);
    }
    write_text(state.matrix, row, 0, file.vendor);
    write_text(state.matrix, row, 1, system_cell(file));
    write_text(state.matrix, row, 2, file.municipality);
    write_text(state.matrix, row, 3, file.catalog_version + (file.older_catalog ? " (ældre)" : ""));
    for (size_t column = 0; column < file.cells.size(); ++column) {
      Verdict verdict = file.cells[column].klarmeldt;
      write_text(state.matrix, row, static_cast<lxw_col_t>(matrix_lead_columns + column),
                 std::string(file.cells[column].word()), state.verdict_formats[static_cast<size_t>(verdict)]);
    }
  } else if (!is_rollout_overview(file)) {
    lxw_row_t row = state.excluded_row++;
    write_text(state.excluded, row, 0, file.path);
    write_text(state.excluded, row, 1, file.exclusion_code);
    write_text(state.excluded, row, 2, file.exclusion_reason);
    write_text(state.excluded, row, 3, file.sha256);
    write_text(state.excluded, row, 4, file.signers);
  }
  lxw_row_t row = state.input_row++;
  write_text(state.inputs, row, 0, file.path);
  write_text(state.inputs, row, 1, file.sha256);
  write_text(state.inputs, row, 2, input_status(file));
  write_text(state.inputs, row, 3, file.signers);
  write_text(state.inputs, row, 4, file.vendor);
  write_text(state.inputs, row, 5, file.system);
  write_text(state.inputs, row, 6, file.municipality);
  write_text(state.inputs, row, 7, file.catalog_version);
  write_text(state.inputs, row, 8, catalog_note(file));
}

namespace {

void write_counts(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t first, const VerdictCounts& counts,
                  lxw_format* percent) {
  lxw_col_t col = first;
  for (Verdict verdict : all_verdicts) {
    worksheet_write_number(sheet, row, col++, static_cast<double>(counts.count(verdict)), nullptr);
  }
  worksheet_write_number(sheet, row, col++, static_cast<double>(counts.total()), nullptr);
  // No share where the interface is relevant in no klarmelding: an empty cell, not "0 %".
  if (counts.relevant() > 0) {
    worksheet_write_number(sheet, row, col, counts.ready_share(), percent);
  }
}

} // namespace

Status OverviewWorkbook::finish(const Tally& tally) {
  State& state = *m_state;
  worksheet_set_column(state.interfaces, 1, 1, 40, nullptr);
  write_header(state.interfaces,
               {"Grænseflade", "Navn", "Ja", "Nej", "Ikke testet", "Ikke relevant", "I alt", "Andel klarmeldt"},
               state.heading);
  for (size_t column = 0; column < state.columns.size(); ++column) {
    auto row = static_cast<lxw_row_t>(column + 1);
    write_text(state.interfaces, row, 0, state.columns[column]);
    write_text(state.interfaces, row, 1, column < state.column_names.size() ? state.column_names[column] : "");
    write_counts(state.interfaces, row, 2, tally.columns()[column], state.percent);
  }
  worksheet_set_column(state.vendors, 0, 0, 36, nullptr);
  write_header(state.vendors,
               {"Leverandør", "Filer", "Fuldt klarmeldte filer", "Ja", "Nej", "Ikke testet", "Ikke relevant", "I alt",
                "Andel klarmeldt"},
               state.heading);
  lxw_row_t row = 1;
  for (const auto& [vendor, counts] : tally.vendors()) {
    write_text(state.vendors, row, 0, vendor);
    worksheet_write_number(state.vendors, row, 1, static_cast<double>(counts.files), nullptr);
    worksheet_write_number(state.vendors, row, 2, static_cast<double>(counts.fully_ready_files), nullptr);
    write_counts(state.vendors, row, 3, counts.cells, state.percent);
    ++row;
  }
  lxw_error closed = workbook_close(state.workbook);
  state.workbook = nullptr;
  std::error_code ec;
  if (closed != LXW_NO_ERROR) {
    std::filesystem::remove(state.temporary, ec);
    return runtime_error("aggregate.write", "cannot write '" + state.path + "': " + lxw_strerror(closed));
  }
  std::filesystem::rename(state.temporary, state.path, ec);
  if (ec) {
    return runtime_error("aggregate.write", "cannot rename '" + state.temporary + "': " + ec.message());
  }
  return Ok{};
}

} // namespace klarmeld::taskforce
