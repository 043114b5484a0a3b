#include "report/workbook_reader.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iterator>
#include <optional>
#include <utility>

#include "report/rollout_overview.hpp"
#include "report/sheet_cells.hpp"
#include "report/workbook_labels.hpp"
#include "report/zip_reader.hpp"
#include "util/files.hpp"

namespace klarmeld::report {
namespace {

// How far down the overview the reader looks for the header block and the table.
constexpr std::uint32_t header_search_rows = 20;
// The one place the reader takes shared strings from (where every writer of SpreadsheetML puts them).
constexpr const char* shared_strings_entry = "xl/sharedStrings.xml";

// Where the parts come from: inflated from the archive here, or handed over already inflated (then
// held to the same per-part cap and worded the same way as when inflated here).
class PartSource {
public:
  PartSource(const ZipReader* zip, const InflatedParts* inflated, const std::string& name, const ZipLimits& limits)
      : m_zip(zip), m_inflated(inflated), m_name(name), m_limits(limits) {}

  bool has(const std::string& part) const {
    return m_zip != nullptr ? m_zip->has(part) : (*m_inflated)(part) != nullptr;
  }

  // `storage` holds the bytes when they are inflated here; the view is valid while it lives.
  Result<std::string_view> read(const std::string& part, std::string& storage) const {
    if (m_zip != nullptr) {
      TRY_ASSIGN(storage, m_zip->read(part));
      return std::string_view(storage);
    }
    const std::string* bytes = (*m_inflated)(part);
    if (bytes == nullptr) {
      return workbook_zip_error(ZipFault::MissingPart, m_name, part, {}, m_limits);
    }
    if (bytes->size() > m_limits.max_part_bytes) {
      return workbook_zip_error(ZipFault::TooLarge, m_name, part, {}, m_limits);
    }
    return std::string_view(*bytes);
  }

private:
  const ZipReader* m_zip;
  const InflatedParts* m_inflated;
  const std::string& m_name;
  ZipLimits m_limits;
};

struct OpenWorkbook {
  const std::string& name;
  const PartSource& zip;
  const WorkbookReadLimits& limits;
  SharedStrings shared_strings;
  std::vector<SheetEntry> sheets;
  bool has_shared_strings = false; // the workbook has the part (shared_strings_entry)
};

std::string cell_name(std::uint32_t row, std::uint32_t col) {
  std::string letters;
  for (std::uint32_t n = col + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters + std::to_string(row + 1);
}

Error layout_error(const std::string& where, std::string message) {
  return input_error("workbook.layout", where + ": " + std::move(message));
}

Error no_sheet_error(const OpenWorkbook& workbook, std::string_view sheet_name) {
  return layout_error(workbook.name, "no sheet named '" + std::string(sheet_name) + "'");
}

const SheetEntry* find_sheet(const OpenWorkbook& workbook, std::string_view sheet_name) {
  for (const auto& sheet : workbook.sheets) {
    if (sheet.name == sheet_name) {
      return &sheet;
    }
  }
  return nullptr;
}

Result<SheetCells> load_sheet(const OpenWorkbook& workbook, const SheetEntry& sheet) {
  std::string storage;
  TRY_ASSIGN(std::string_view xml, workbook.zip.read(sheet.part, storage));
  CellLimits limits;
  limits.max_cells = workbook.limits.max_cells;
  return parse_sheet(xml, workbook.shared_strings, workbook.name + ":" + sheet.part, limits);
}

Result<SheetCells> load_sheet(const OpenWorkbook& workbook, std::string_view sheet_name) {
  const SheetEntry* sheet = find_sheet(workbook, sheet_name);
  if (sheet == nullptr) {
    return no_sheet_error(workbook, sheet_name);
  }
  return load_sheet(workbook, *sheet);
}

// `check` over several municipalities writes an overview beside their workbooks (docs/rollout.md).
bool is_rollout_overview(const std::vector<SheetEntry>& sheets) {
  return sheets.size() == 1 &&
         (sheets.front().name == rollout_sheet_danish || sheets.front().name == rollout_sheet_english);
}

const WorkbookLabels* detect_language(const std::vector<SheetEntry>& sheets, Language& language) {
  for (Language candidate : {Language::Danish, Language::English}) {
    const auto& labels = labels_for(candidate);
    for (const auto& sheet : sheets) {
      if (sheet.name == labels.overview_sheet) {
        language = candidate;
        return &labels;
      }
    }
  }
  return nullptr;
}

std::optional<std::uint32_t> find_row(const SheetCells& cells, std::uint32_t from, std::uint32_t to,
                                      std::string_view label) {
  for (std::uint32_t row = from; row <= to && row <= cells.last_row(); ++row) {
    if (cells.at(row, 0) == label) {
      return row;
    }
  }
  return std::nullopt;
}

// `word` is the text of the cell at (row, col), named in the error.
Result<Verdict> verdict_word(std::string_view word, std::uint32_t row, std::uint32_t col, const std::string& where) {
  auto verdict = parse_verdict_word(word);
  if (!verdict) {
    return layout_error(where, cell_name(row, col) + ": '" + std::string(word) +
                                   "' is not Ja, Nej, Ikke testet or Ikke relevant");
  }
  return *verdict;
}

Result<Verdict> verdict_at(const SheetCells& cells, std::uint32_t row, std::uint32_t col, const std::string& where) {
  return verdict_word(cells.at(row, col), row, col, where);
}

std::string after_prefix(std::string_view text, std::string_view prefix) {
  return text.starts_with(prefix) ? std::string(text.substr(prefix.size())) : std::string();
}

Status read_header_block(const SheetCells& cells, const WorkbookLabels& labels, const std::string& where,
                         WorkbookSummary& summary) {
  auto label_row = find_row(cells, 0, header_search_rows, labels.vendor);
  if (!label_row) {
    return layout_error(where, "no '" + std::string(labels.vendor) + "' header block");
  }
  std::uint32_t values = *label_row + 1;
  summary.vendor_name = cells.at(values, 0);
  summary.system_name = cells.at(values, 1);
  summary.municipality_name = cells.at(values, 2);
  summary.system_version = cells.at(values, 3);
  summary.vendor_cvr = after_prefix(cells.at(values + 1, 0), labels.cvr_prefix);
  std::string code = after_prefix(cells.at(values + 1, 2), labels.municipality_code_prefix);
  if (!code.empty()) {
    auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), summary.municipality_code);
    if (error != std::errc() || end != code.data() + code.size()) {
      return layout_error(where, cell_name(values + 1, 2) + ": bad municipality code '" + code + "'");
    }
  }
  return Ok{};
}

Result<std::uint32_t> read_interface_table(const SheetCells& cells, const WorkbookLabels& labels,
                                           const std::string& where, WorkbookSummary& summary) {
  auto header_row = find_row(cells, 0, header_search_rows, labels.interface_number);
  if (!header_row) {
    return layout_error(where, "no '" + std::string(labels.interface_number) + "' table");
  }
  std::uint32_t row = *header_row + 1;
  for (; !cells.at(row, 0).empty(); ++row) {
    WorkbookInterface interface;
    interface.id = cells.at(row, 0);
    interface.name = cells.at(row, 1);
    interface.declaration = cells.at(row, 2);
    if (cells.at(row, 3) == labels.pending_evidence) {
      interface.pending_evidence = true; // undecided: only manual evidence is awaited
      interface.klarmeldt = Verdict::IkkeTestet;
    } else {
      TRY_ASSIGN(interface.klarmeldt, verdict_at(cells, row, 3, where));
    }
    summary.interfaces.push_back(std::move(interface));
  }
  return row;
}

Status read_run_state(std::string_view words, Language language, const std::string& where, WorkbookSummary& summary) {
  const auto& table = language == Language::English ? engine::run_state_english : engine::run_state_danish;
  auto state = parse_spelling(table, words);
  if (!state) {
    return layout_error(where, "'" + std::string(words) + "' is not a run state this tool writes");
  }
  summary.run_state = *state;
  return Ok{};
}

Status read_run_facts(const SheetCells& cells, const WorkbookLabels& labels, std::uint32_t from,
                      const std::string& where, WorkbookSummary& summary) {
  bool state_row = false;
  const std::pair<std::string_view, std::string*> fields[] = {
      {labels.catalog_identity, &summary.catalog_identity},
      {labels.catalog_version, &summary.catalog_version},
      {labels.catalog_sha256, &summary.catalog_sha256},
      {labels.profile_sha256, &summary.profile_sha256},
      {labels.started_at, &summary.started_at},
      {labels.finished_at, &summary.finished_at},
      {labels.tool, &summary.tool_identity},
  };
  for (std::uint32_t row = from; row <= cells.last_row(); ++row) {
    std::string_view label = cells.at(row, 0);
    auto field = std::find_if(std::begin(fields), std::end(fields),
                              [&](const auto& candidate) { return candidate.first == label; });
    if (field != std::end(fields)) {
      *field->second = cells.at(row, 1);
    } else if (label == labels.run_state) {
      state_row = true;
      TRY(read_run_state(cells.at(row, 1), summary.language, where, summary));
    } else if (label.starts_with(labels.incomplete_prefix)) {
      summary.incomplete = true;
      summary.incomplete_reason = after_prefix(label, labels.incomplete_prefix);
    }
  }
  if (!state_row) {
    // Written before run states: the incomplete line was all it said.
    summary.run_state = summary.incomplete ? engine::RunState::Partial : engine::RunState::Complete;
  }
  summary.incomplete = summary.incomplete || summary.run_state != engine::RunState::Complete;
  return Ok{};
}

// The documentation sheet's columns, by their headings in row 1 (the first of equal headings counts);
// the optional ones may be absent in a workbook from an older layout.
struct DocumentationColumns {
  std::optional<std::uint32_t> id;
  std::optional<std::uint32_t> interface;
  std::optional<std::uint32_t> result;
  std::optional<std::uint32_t> required;
  std::optional<std::uint32_t> method;
  std::optional<std::uint32_t> reason;
  std::optional<std::uint32_t> time;
};

DocumentationColumns documentation_columns(const SheetCells& cells, const WorkbookLabels& labels) {
  DocumentationColumns columns;
  const std::pair<std::string_view, std::optional<std::uint32_t>*> headings[] = {
      {labels.doc_criterion, &columns.id},  {labels.doc_interface, &columns.interface},
      {labels.doc_result, &columns.result}, {labels.doc_required, &columns.required},
      {labels.doc_method, &columns.method}, {labels.doc_reason, &columns.reason},
      {labels.doc_time, &columns.time},
  };
  SheetCells::Row header = cells.row(0);
  for (std::uint32_t col = 0; col < 64; ++col) {
    std::string_view text = header.at(col);
    if (text.empty()) {
      continue;
    }
    for (const auto& [heading, column] : headings) {
      if (!*column && text == heading) {
        *column = col;
      }
    }
  }
  return columns;
}

Status read_documentation(const SheetCells& cells, const WorkbookLabels& labels, const std::string& where,
                          WorkbookSummary& summary) {
  DocumentationColumns columns = documentation_columns(cells, labels);
  if (!columns.id || !columns.interface || !columns.result) {
    return layout_error(where, "documentation sheet lacks the criterion, interface or result column");
  }
  for (std::uint32_t row = 1;; ++row) {
    SheetCells::Row line = cells.row(row);
    auto text_at = [&](std::optional<std::uint32_t> col) { return col ? line.at(*col) : std::string_view(); };
    std::string_view id = line.at(*columns.id);
    if (id.empty()) {
      break;
    }
    WorkbookCriterion& criterion = summary.criteria.emplace_back();
    criterion.id = id;
    criterion.interface_id = line.at(*columns.interface);
    TRY_ASSIGN(criterion.verdict, verdict_word(line.at(*columns.result), row, *columns.result, where));
    criterion.required = text_at(columns.required) != labels.no;
    criterion.method = text_at(columns.method);
    criterion.reason = text_at(columns.reason);
    criterion.decided_at = text_at(columns.time);
  }
  return Ok{};
}

// An interface sheet adds what only it shows: the remarks and the criterion texts (by "Nr.",
// criterion ids being "<interface>.<Nr.>").
Status read_interface_sheet(const SheetCells& cells, const WorkbookLabels& labels, WorkbookInterface& interface,
                            WorkbookSummary& summary) {
  interface.has_sheet = true;
  if (auto remarks_row = find_row(cells, 0, header_search_rows, labels.remarks)) {
    interface.remarks = cells.at(*remarks_row, 1);
  }
  auto table_row = find_row(cells, 0, header_search_rows, labels.number);
  if (!table_row) {
    return Ok{};
  }
  for (std::uint32_t row = *table_row + 1; !cells.at(row, 0).empty(); ++row) {
    std::string id = interface.id + "." + std::string(cells.at(row, 0));
    for (auto& criterion : summary.criteria) {
      if (criterion.id == id) {
        criterion.text = cells.at(row, 2);
      }
    }
  }
  return Ok{};
}

Status read_interface_sheets(const OpenWorkbook& workbook, const WorkbookLabels& labels, WorkbookSummary& summary) {
  for (auto& interface : summary.interfaces) {
    bool present = false;
    for (const auto& sheet : workbook.sheets) {
      present = present || sheet.name == interface.id;
    }
    if (!present) {
      continue;
    }
    TRY_ASSIGN(SheetCells cells, load_sheet(workbook, interface.id));
    TRY(read_interface_sheet(cells, labels, interface, summary));
  }
  return Ok{};
}

Result<WorkbookSummary> read_summary(OpenWorkbook& workbook) {
  WorkbookSummary summary;
  for (const auto& sheet : workbook.sheets) {
    summary.sheet_names.push_back(sheet.name);
  }
  const WorkbookLabels* labels = detect_language(workbook.sheets, summary.language);
  if (labels == nullptr) {
    if (is_rollout_overview(workbook.sheets)) {
      return input_error(std::string(rollout_overview_error), workbook.name +
                                                                  ": a rollout overview, not a readiness "
                                                                  "workbook (each municipality's is its own file)");
    }
    return layout_error(workbook.name, "not a readiness workbook (no 'Oversigt' or 'Overview' sheet)");
  }
  TRY_ASSIGN(SheetCells overview, load_sheet(workbook, labels->overview_sheet));
  std::string overview_where = workbook.name + ":" + std::string(labels->overview_sheet);
  TRY(read_header_block(overview, *labels, overview_where, summary));
  TRY_ASSIGN(std::uint32_t after_table, read_interface_table(overview, *labels, overview_where, summary));
  TRY(read_run_facts(overview, *labels, after_table, overview_where, summary));
  const SheetEntry* documentation_entry = find_sheet(workbook, labels->documentation_sheet);
  if (documentation_entry == nullptr) {
    return no_sheet_error(workbook, labels->documentation_sheet);
  }
  summary.documentation_part = documentation_entry->part;
  summary.shared_strings_part = workbook.has_shared_strings ? shared_strings_entry : "";
  if (workbook.limits.documentation_sheet) {
    TRY_ASSIGN(SheetCells documentation, load_sheet(workbook, *documentation_entry));
    TRY(read_documentation(documentation, *labels, workbook.name + ":" + std::string(labels->documentation_sheet),
                           summary));
  }
  if (workbook.limits.interface_sheets) {
    TRY(read_interface_sheets(workbook, *labels, summary));
  }
  return summary;
}

// The archive is opened here only when its parts are not handed over already inflated.
Result<WorkbookSummary> read_workbook(std::string_view bytes, const InflatedParts* inflated, const std::string& name,
                                      const WorkbookReadLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return input_error("workbook.too-large",
                       name + ": larger than " + std::to_string(limits.max_file_bytes) + " bytes");
  }
  ZipLimits zip_limits;
  zip_limits.max_entries = limits.max_entries;
  zip_limits.max_part_bytes = limits.max_part_bytes;
  std::optional<ZipReader> zip;
  if (inflated == nullptr) {
    TRY_ASSIGN(zip, ZipReader::open(bytes, name, zip_limits));
  }
  PartSource source(zip ? &*zip : nullptr, inflated, name, zip_limits);
  OpenWorkbook workbook{name, source, limits, {}, {}, source.has(shared_strings_entry)};
  std::string storage;
  if (workbook.has_shared_strings) {
    TRY_ASSIGN(std::string_view xml, source.read(shared_strings_entry, storage));
    CellLimits cell_limits;
    cell_limits.max_shared_strings = limits.max_cells;
    TRY_ASSIGN(workbook.shared_strings, parse_shared_strings(xml, name + ":" + shared_strings_entry, cell_limits));
  }
  std::string relationships_storage;
  TRY_ASSIGN(std::string_view workbook_xml, source.read("xl/workbook.xml", storage));
  TRY_ASSIGN(std::string_view relationships_xml, source.read("xl/_rels/workbook.xml.rels", relationships_storage));
  TRY_ASSIGN(workbook.sheets, parse_sheet_list(workbook_xml, relationships_xml, name));
  return read_summary(workbook);
}

} // namespace

const WorkbookInterface* WorkbookSummary::find_interface(std::string_view id) const {
  for (const auto& interface : interfaces) {
    if (interface.id == id) {
      return &interface;
    }
  }
  return nullptr;
}

const WorkbookCriterion* WorkbookSummary::find_criterion(std::string_view id) const {
  for (const auto& criterion : criteria) {
    if (criterion.id == id) {
      return &criterion;
    }
  }
  return nullptr;
}

Result<WorkbookSummary> read_readiness_workbook_bytes(std::string_view bytes, const std::string& name,
                                                      const WorkbookReadLimits& limits) {
  return read_workbook(bytes, nullptr, name, limits);
}

Result<WorkbookSummary> read_readiness_workbook_parts(std::string_view bytes, const InflatedParts& parts,
                                                      const std::string& name, const WorkbookReadLimits& limits) {
  return read_workbook(bytes, &parts, name, limits);
}

Result<WorkbookSummary> read_readiness_workbook(const std::string& path, const WorkbookReadLimits& limits) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return input_error("workbook.unreadable", "cannot read '" + path + "': " + ec.message());
  }
  if (size > limits.max_file_bytes) {
    return input_error("workbook.too-large",
                       path + ": larger than " + std::to_string(limits.max_file_bytes) + " bytes");
  }
  TRY_ASSIGN(std::string bytes, read_file(path));
  return read_readiness_workbook_bytes(bytes, path, limits);
}

} // namespace klarmeld::report
