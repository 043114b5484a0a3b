#include "report/sheet_cells.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <deque>
#include <memory>

namespace klarmeld::report {
namespace {

constexpr std::uint32_t max_rows = 1'048'576; // ECMA-376-1 §18.3.1.73 / Excel's grid
constexpr std::uint32_t max_columns = 16'384;

Status load_xml(pugi::xml_document& document, std::string_view xml, const std::string& where) {
  // parse_doctype keeps a DOCTYPE as a node so it can be refused: SpreadsheetML never has one, and
  // a DTD in an untrusted part is only ever an attack (entity expansion, external references).
  auto parsed =
      document.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!parsed) {
    return input_error("workbook.xml", where + ": malformed XML at byte " + std::to_string(parsed.offset) + ": " +
                                           parsed.description());
  }
  for (auto node : document.children()) {
    if (node.type() == pugi::node_doctype) {
      return input_error("workbook.dtd", where + ": a DOCTYPE is not allowed");
    }
  }
  return Ok{};
}

Result<pugi::xml_document> parse_xml(std::string_view xml, const std::string& where) {
  pugi::xml_document document;
  TRY(load_xml(document, xml, where));
  return document;
}

// Local name, ignoring any namespace prefix ("x:c" → "c"): prefixes are the writer's choice.
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (auto item : node.children()) {
    if (local_name(item) == name) {
      return item;
    }
  }
  return {};
}

// Text of a string item (§18.4.8 si / §18.3.1.53 is): a plain <t>, or the <t> of each rich-text
// run <r>; phonetic runs <rPh> are not part of the value.
std::string string_item_text(const pugi::xml_node& item) {
  std::string text;
  for (auto part : item.children()) {
    if (local_name(part) == "t") {
      text += part.text().get();
    } else if (local_name(part) == "r") {
      text += child(part, "t").text().get();
    }
  }
  return text;
}

Result<std::size_t> parse_index(std::string_view text, const std::string& where) {
  std::size_t index = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (error != std::errc() || end != text.data() + text.size()) {
    return input_error("workbook.bad-cell", where + ": bad shared-string index '" + std::string(text) + "'");
  }
  return index;
}

// The text of one string item as a view: its single <t> as parsed, or, for rich text of several
// runs, the runs joined into `owned` (§18.4.8).
std::string_view string_item_view(const pugi::xml_node& item, std::deque<std::string>& owned) {
  pugi::xml_node only = item.first_child();
  if (only && !only.next_sibling() && local_name(only) == "t") {
    return only.text().get();
  }
  return owned.emplace_back(string_item_text(item));
}

// A cell's text (§18.3.1.4): by its type t, the shared string its <v> indexes, its inline string,
// or the literal <v> (numbers, booleans, formula results). Views into the parsed sheet, the shared
// strings or `owned`; no string is copied.
Result<std::string_view> cell_view(const pugi::xml_node& cell, std::string_view type,
                                   const SharedStrings& shared_strings, std::deque<std::string>& owned,
                                   const std::string& where) {
  if (type == "inlineStr") {
    return string_item_view(child(cell, "is"), owned);
  }
  std::string_view value = child(cell, "v").text().get();
  if (type == "s") {
    TRY_ASSIGN(std::size_t index, parse_index(value, where));
    if (index >= shared_strings.size()) {
      return input_error("workbook.bad-cell", where + ": shared-string index " + std::string(value) + " out of range");
    }
    return shared_strings[index];
  }
  return value;
}

} // namespace

SharedStrings::SharedStrings() = default;
SharedStrings::SharedStrings(std::initializer_list<std::string_view> texts) {
  for (std::string_view text : texts) {
    m_items.push_back(m_owned.emplace_back(text));
  }
}
SharedStrings::~SharedStrings() = default;
SharedStrings::SharedStrings(SharedStrings&&) noexcept = default;
SharedStrings& SharedStrings::operator=(SharedStrings&&) noexcept = default;

SheetCells::SheetCells() = default;
SheetCells::~SheetCells() = default;
SheetCells::SheetCells(SheetCells&&) noexcept = default;
SheetCells& SheetCells::operator=(SheetCells&&) noexcept = default;

std::string_view SheetCells::at(std::uint32_t row, std::uint32_t col) const {
  if (!m_sorted) {
    sort();
  }
  std::uint64_t key = (std::uint64_t{row} << 32) | col;
  auto found = std::lower_bound(m_cells.begin(), m_cells.end(), key,
                                [](const Cell& cell, std::uint64_t wanted) { return cell.key < wanted; });
  if (found == m_cells.end() || found->key != key) {
    return {};
  }
  return found->text;
}

void SheetCells::set(std::uint32_t row, std::uint32_t col, std::string text) {
  set_view(row, col, m_owned.emplace_back(std::move(text)));
}

void SheetCells::set_view(std::uint32_t row, std::uint32_t col, std::string_view text) {
  m_last_row = std::max(m_last_row, row);
  std::uint64_t key = (std::uint64_t{row} << 32) | col;
  if (!m_cells.empty() && m_cells.back().key >= key) {
    m_sorted = false;
  }
  m_cells.push_back({key, text});
}

void SheetCells::sort() const {
  std::stable_sort(m_cells.begin(), m_cells.end(), [](const Cell& a, const Cell& b) { return a.key < b.key; });
  // Of equal keys the last set stays, as an assignment would leave it.
  std::vector<Cell> unique;
  unique.reserve(m_cells.size());
  for (Cell& cell : m_cells) {
    if (!unique.empty() && unique.back().key == cell.key) {
      unique.back() = std::move(cell);
    } else {
      unique.push_back(std::move(cell));
    }
  }
  m_cells = std::move(unique);
  m_sorted = true;
}

bool parse_cell_reference(std::string_view reference, std::uint32_t& row, std::uint32_t& col) {
  std::size_t i = 0;
  std::uint32_t column_number = 0;
  while (i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z' && i < 3) {
    column_number = column_number * 26 + static_cast<std::uint32_t>(reference[i] - 'A' + 1);
    ++i;
  }
  std::uint32_t row_number = 0;
  auto [end, error] = std::from_chars(reference.data() + i, reference.data() + reference.size(), row_number);
  if (i == 0 || error != std::errc() || end != reference.data() + reference.size() || row_number == 0 ||
      row_number > max_rows || column_number > max_columns) {
    return false;
  }
  row = row_number - 1;
  col = column_number - 1;
  return true;
}

Result<SharedStrings> parse_shared_strings(std::string_view xml, const std::string& where, const CellLimits& limits) {
  // Held by the table: its texts are views into it.
  auto document = std::make_shared<pugi::xml_document>();
  TRY(load_xml(*document, xml, where));
  SharedStrings strings;
  strings.m_document = document;
  for (auto item : child(*document, "sst").children()) {
    if (local_name(item) != "si") {
      continue;
    }
    if (strings.size() >= limits.max_shared_strings) {
      return input_error("workbook.too-large",
                         where + ": more than " + std::to_string(limits.max_shared_strings) + " shared strings");
    }
    strings.m_items.push_back(string_item_view(item, strings.m_owned));
  }
  return strings;
}

Result<std::vector<SheetEntry>> parse_sheet_list(std::string_view workbook_xml, std::string_view relationships_xml,
                                                 const std::string& where) {
  TRY_ASSIGN(pugi::xml_document workbook, parse_xml(workbook_xml, where + ":xl/workbook.xml"));
  TRY_ASSIGN(pugi::xml_document relationships, parse_xml(relationships_xml, where + ":xl/_rels/workbook.xml.rels"));
  std::map<std::string, std::string> targets;
  for (auto relationship : child(relationships, "Relationships").children()) {
    if (local_name(relationship) == "Relationship") {
      targets[relationship.attribute("Id").as_string()] = relationship.attribute("Target").as_string();
    }
  }
  std::vector<SheetEntry> sheets;
  for (auto sheet : child(child(workbook, "workbook"), "sheets").children()) {
    if (local_name(sheet) != "sheet") {
      continue;
    }
    std::string relationship_id;
    for (auto attribute : sheet.attributes()) {
      std::string_view name = attribute.name();
      if (name.ends_with(":id")) { // r:id (ECMA-376-1 §18.2.19), whatever the prefix
        relationship_id = attribute.as_string();
      }
    }
    auto target = targets.find(relationship_id);
    if (target == targets.end()) {
      return input_error("workbook.layout",
                         where + ": sheet '" + sheet.attribute("name").as_string() + "' has no relationship");
    }
    std::string part = target->second;
    // Targets are relative to xl/ (or absolute from the package root); nothing may climb out.
    part = part.starts_with("/") ? part.substr(1) : "xl/" + part;
    if (part.find("..") != std::string::npos || part.find('\\') != std::string::npos) {
      return input_error("workbook.layout", where + ": sheet target '" + target->second + "' is not allowed");
    }
    sheets.push_back({sheet.attribute("name").as_string(), part});
  }
  return sheets;
}

Result<SheetCells> parse_sheet(std::string_view xml, const SharedStrings& shared_strings, const std::string& where,
                               const CellLimits& limits) {
  // Held by the cells: their texts are views into it.
  auto document = std::make_shared<pugi::xml_document>();
  TRY(load_xml(*document, xml, where));
  SheetCells cells;
  cells.m_document = document;
  std::uint32_t implicit_row = 0;
  for (auto row : child(child(*document, "worksheet"), "sheetData").children()) {
    if (local_name(row) != "row") {
      continue;
    }
    // r is optional (§18.3.1.73): without it a row follows the previous one.
    pugi::xml_attribute row_reference = row.attribute("r");
    std::uint32_t row_index = row_reference ? row_reference.as_uint() - 1 : implicit_row;
    std::uint32_t implicit_col = 0;
    for (auto cell : row.children()) {
      if (local_name(cell) != "c") {
        continue;
      }
      std::uint32_t r = row_index;
      std::uint32_t c = implicit_col;
      // One pass over the attributes for both r and t (unprefixed, §18.3.1.4).
      const char* reference = nullptr;
      std::string_view type;
      bool typed = false; // the first of each, as attribute("r") would find
      for (pugi::xml_attribute attribute = cell.first_attribute(); attribute; attribute = attribute.next_attribute()) {
        std::string_view name = attribute.name();
        if (name == "r" && reference == nullptr) {
          reference = attribute.value();
        } else if (name == "t" && !typed) {
          type = attribute.value();
          typed = true;
        }
      }
      if (reference != nullptr && !parse_cell_reference(reference, r, c)) {
        return input_error("workbook.bad-cell", where + ": bad cell reference '" + reference + "'");
      }
      if (r >= max_rows || c >= max_columns) {
        return input_error("workbook.bad-cell", where + ": cell outside the sheet grid");
      }
      if (cells.size() >= limits.max_cells) {
        return input_error("workbook.too-large", where + ": more than " + std::to_string(limits.max_cells) + " cells");
      }
      TRY_ASSIGN(std::string_view text, cell_view(cell, type, shared_strings, cells.m_owned, where));
      if (!text.empty()) {
        cells.set_view(r, c, text);
      }
      implicit_col = c + 1;
      row_index = r;
    }
    implicit_row = row_index + 1;
  }
  return cells;
}

} // namespace klarmeld::report
