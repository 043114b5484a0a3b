#include "report/sheet_cells.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>

namespace klarmeld::report {
namespace {

constexpr std::uint32_t max_rows = 1'048'576; // ECMA-376-1 §18.3.1.73 / Excel's grid
constexpr std::uint32_t max_columns = 16'384;

Status load_xml(pugi::xml_document& document, std::string_view xml, const std::string& where) {
  // parse_doctype keeps a DOCTYPE as a node so it can be refused: SpreadsheetML never has one, and
  // a DTD in an untrusted part is only ever an attack (entity expansion, external references).
  // parse_embed_pcdata stores an element's leading text in the element instead of a node of its own
  // (one node fewer per <v> and <t>); xml_text reads it the same way, and the tests pin what a value
  // is when text and elements mix.
  constexpr unsigned options = pugi::parse_default | pugi::parse_doctype | pugi::parse_embed_pcdata;
  auto parsed = document.load_buffer(xml.data(), xml.size(), options, pugi::encoding_utf8);
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

// Whether an element is named `local` ("c"), with any namespace prefix or none ("x:c" is "c": prefixes
// are the writer's choice; the local name is what follows the first colon). One pass over pugixml's
// C string: a strlen per node was a visible share of `aggregate`'s CPU (docs/performance.md).
bool is_named(const char* name, std::string_view local) {
  std::size_t at = 0;
  while (at < local.size() && name[at] == local[at]) {
    ++at;
  }
  if (at == local.size() && name[at] == '\0') {
    return true; // unprefixed (local has no colon, so neither has name)
  }
  const char* colon = name;
  while (*colon != '\0' && *colon != ':') {
    ++colon;
  }
  if (*colon == '\0') {
    return false;
  }
  const char* rest = colon + 1;
  for (at = 0; at < local.size(); ++at) {
    if (rest[at] != local[at]) {
      return false; // also where rest ends early: local holds no NUL
    }
  }
  return rest[local.size()] == '\0';
}

bool is_named(const pugi::xml_node& node, std::string_view local) {
  return is_named(node.name(), local);
}

// An unprefixed attribute of a one-letter name (r, t: §18.3.1.4), without a strlen.
bool is_attribute(const char* name, char letter) {
  return name[0] == letter && name[1] == '\0';
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node item = node.first_child(); item; item = item.next_sibling()) {
    if (is_named(item, name)) {
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
    if (is_named(part, "t")) {
      text += part.text().get();
    } else if (is_named(part, "r")) {
      text += child(part, "t").text().get();
    }
  }
  return text;
}

// A shared-string index (§18.3.1.96 v of a cell of type s): decimal digits only, as std::from_chars
// reads a size_t, straight from pugixml's C string.
Result<std::size_t> parse_index(const char* text, const std::string& where) {
  std::size_t index = 0;
  const char* at = text;
  for (; *at >= '0' && *at <= '9'; ++at) {
    auto digit = static_cast<std::size_t>(*at - '0');
    if (index > (std::numeric_limits<std::size_t>::max() - digit) / 10) {
      break; // too large: reported as malformed, as from_chars does
    }
    index = index * 10 + digit;
  }
  if (at == text || *at != '\0') {
    return input_error("workbook.bad-cell", where + ": bad shared-string index '" + std::string(text) + "'");
  }
  return index;
}

// The text of one string item as a view: its single <t> as parsed, or, for rich text of several
// runs, the runs joined into `owned` (§18.4.8).
std::string_view string_item_view(const pugi::xml_node& item, std::deque<std::string>& owned) {
  pugi::xml_node only = item.first_child();
  if (only && !only.next_sibling() && is_named(only, "t")) {
    return only.text().get();
  }
  return owned.emplace_back(string_item_text(item));
}

// A cell's text (§18.3.1.4): by its type t, the shared string its <v> indexes, its inline string,
// or the literal <v> (numbers, booleans, formula results). Views into the parsed sheet, the shared
// strings or `owned`; no string is copied.
Result<std::string_view> cell_view(const pugi::xml_node& cell, const char* type, const SharedStrings& shared_strings,
                                   std::deque<std::string>& owned, const std::string& where) {
  if (type[0] == 'i' && std::string_view(type) == "inlineStr") {
    return string_item_view(child(cell, "is"), owned);
  }
  const char* value = child(cell, "v").text().get();
  if (type[0] == 's' && type[1] == '\0') {
    TRY_ASSIGN(std::size_t index, parse_index(value, where));
    if (index >= shared_strings.size()) {
      return input_error("workbook.bad-cell", where + ": shared-string index " + std::string(value) + " out of range");
    }
    return shared_strings[index];
  }
  return std::string_view(value);
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

SheetCells::Row SheetCells::row(std::uint32_t row) const {
  if (!m_sorted) {
    sort();
  }
  auto before = [](const Cell& cell, std::uint64_t wanted) { return cell.key < wanted; };
  std::uint64_t first = std::uint64_t{row} << 32;
  auto begin = std::lower_bound(m_cells.begin(), m_cells.end(), first, before);
  auto end = std::lower_bound(begin, m_cells.end(), first + (std::uint64_t{1} << 32), before);
  Row found;
  found.m_begin = m_cells.data() + (begin - m_cells.begin());
  found.m_end = m_cells.data() + (end - m_cells.begin());
  return found;
}

std::string_view SheetCells::Row::at(std::uint32_t col) const {
  // The cells of one row differ only in their low 32 bits, the column.
  auto found = std::lower_bound(m_begin, m_end, col, [](const Cell& cell, std::uint32_t wanted) {
    return static_cast<std::uint32_t>(cell.key) < wanted;
  });
  if (found == m_end || static_cast<std::uint32_t>(found->key) != col) {
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
  // Digits only after the letters, as std::from_chars reads them; a row beyond the grid fails anyway,
  // so the sum stops growing there.
  std::size_t digits = i;
  std::uint32_t row_number = 0;
  for (; i < reference.size(); ++i) {
    char c = reference[i];
    if (c < '0' || c > '9') {
      return false;
    }
    row_number = row_number * 10 + static_cast<std::uint32_t>(c - '0');
    if (row_number > max_rows) {
      return false;
    }
  }
  if (digits == 0 || i == digits || row_number == 0 || column_number > max_columns) {
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
    if (!is_named(item, "si")) {
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
    if (is_named(relationship, "Relationship")) {
      targets[relationship.attribute("Id").as_string()] = relationship.attribute("Target").as_string();
    }
  }
  std::vector<SheetEntry> sheets;
  for (auto sheet : child(child(workbook, "workbook"), "sheets").children()) {
    if (!is_named(sheet, "sheet")) {
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
    if (!is_named(row, "row")) {
      continue;
    }
    // r is optional (§18.3.1.73): without it a row follows the previous one.
    pugi::xml_attribute row_reference = row.attribute("r");
    std::uint32_t row_index = row_reference ? row_reference.as_uint() - 1 : implicit_row;
    std::uint32_t implicit_col = 0;
    for (auto cell : row.children()) {
      if (!is_named(cell, "c")) {
        continue;
      }
      std::uint32_t r = row_index;
      std::uint32_t c = implicit_col;
      // One pass over the attributes for both r and t (unprefixed, §18.3.1.4).
      const char* reference = nullptr;
      const char* type = nullptr; // the first of each, as attribute("r") would find
      for (pugi::xml_attribute attribute = cell.first_attribute(); attribute; attribute = attribute.next_attribute()) {
        const char* name = attribute.name();
        if (reference == nullptr && is_attribute(name, 'r')) {
          reference = attribute.value();
        } else if (type == nullptr && is_attribute(name, 't')) {
          type = attribute.value();
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
      TRY_ASSIGN(std::string_view text,
                 cell_view(cell, type != nullptr ? type : "", shared_strings, cells.m_owned, where));
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
