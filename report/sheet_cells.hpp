// The cell texts of SpreadsheetML parts (ECMA-376-1 §18.3 worksheets, §18.4 shared strings, §18.2
// workbook), parsed with pugixml from untrusted bytes: DOCTYPEs are rejected, sizes are capped.
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::report {

struct CellLimits {
  std::size_t max_cells = 1'000'000;
  std::size_t max_shared_strings = 1'000'000;
};

// The shared string table (ECMA-376-1 §18.4.9): each item's text as a view into the parsed part (held
// here), or, for rich text of several runs, the runs joined once (§18.4.8). sharedStrings.xml is
// ≈ 40 kB per readiness workbook, and a string per item was a visible share of `aggregate`'s CPU
// (docs/performance.md). Cells parse_sheet reads view into it: keep it alive as long as they live.
class SharedStrings {
public:
  SharedStrings();
  // Owned texts, for tests and hand-made tables.
  SharedStrings(std::initializer_list<std::string_view> texts);
  ~SharedStrings();
  SharedStrings(SharedStrings&&) noexcept;
  SharedStrings& operator=(SharedStrings&&) noexcept;
  SharedStrings(const SharedStrings&) = delete;
  SharedStrings& operator=(const SharedStrings&) = delete;

  std::size_t size() const { return m_items.size(); }
  std::string_view operator[](std::size_t index) const { return m_items[index]; }

private:
  friend Result<SharedStrings> parse_shared_strings(std::string_view xml, const std::string& where,
                                                    const CellLimits& limits);
  std::vector<std::string_view> m_items;
  std::deque<std::string> m_owned;        // joined rich text (stable addresses)
  std::shared_ptr<const void> m_document; // the parsed part that views point into
};

// Cells in one flat vector ordered by (row, col): a sheet lists its cells in that order (ECMA-376-1
// §18.3.1.73/§18.3.1.4), so set() appends, and one node per cell (a map) was a visible share of
// `aggregate`'s CPU (docs/performance.md). Cells set out of order are sorted at the next lookup,
// the later of two values for one cell winning. A cell's text is a view: into the parsed sheet (held
// here), into the shared strings parse_sheet was given (which must outlive the cells), or into a
// string set() was given — no string is built for a cell nobody reads. Not for concurrent use.
class SheetCells {
public:
  SheetCells();
  ~SheetCells();
  SheetCells(SheetCells&&) noexcept;
  SheetCells& operator=(SheetCells&&) noexcept;
  SheetCells(const SheetCells&) = delete;
  SheetCells& operator=(const SheetCells&) = delete;

  // Text of the cell at 0-based (row, col); empty when absent. Valid while the cells live.
  std::string_view at(std::uint32_t row, std::uint32_t col) const;

private:
  struct Cell {
    std::uint64_t key; // row << 32 | col
    std::string_view text;
  };

public:
  // One row's cells, for reading a table row by row: the row is found once, each column in it.
  // Valid while the cells live and none is set.
  class Row {
  public:
    // Text of the cell in 0-based column col; empty when absent.
    std::string_view at(std::uint32_t col) const;

  private:
    friend class SheetCells;
    const Cell* m_begin = nullptr;
    const Cell* m_end = nullptr;
  };
  Row row(std::uint32_t row) const;

  std::uint32_t last_row() const { return m_last_row; }
  void set(std::uint32_t row, std::uint32_t col, std::string text);
  // Cells set so far (a cell set twice counts twice until the next lookup).
  std::size_t size() const { return m_cells.size(); }

private:
  friend Result<SheetCells> parse_sheet(std::string_view xml, const SharedStrings& shared_strings,
                                        const std::string& where, const CellLimits& limits);
  void set_view(std::uint32_t row, std::uint32_t col, std::string_view text);
  void sort() const;

  mutable std::vector<Cell> m_cells;
  mutable bool m_sorted = true;
  std::uint32_t m_last_row = 0;
  std::deque<std::string> m_owned;        // texts given to set() and joined rich text (stable addresses)
  std::shared_ptr<const void> m_document; // the parsed sheet that views point into
};

struct SheetEntry {
  std::string name;
  std::string part; // e.g. "xl/worksheets/sheet1.xml"
};

// xml names the part in error messages ("file.xlsx:xl/sharedStrings.xml").
Result<SharedStrings> parse_shared_strings(std::string_view xml, const std::string& where, const CellLimits& limits);
// workbook.xml + its relationships → sheets in workbook order with their part names.
Result<std::vector<SheetEntry>> parse_sheet_list(std::string_view workbook_xml, std::string_view relationships_xml,
                                                 const std::string& where);
// The cells' texts may be views into `shared_strings`: keep it alive as long as the cells.
Result<SheetCells> parse_sheet(std::string_view xml, const SharedStrings& shared_strings, const std::string& where,
                               const CellLimits& limits);

// "C12" → (11, 2); false when malformed or beyond Excel's grid (1,048,576 × 16,384).
bool parse_cell_reference(std::string_view reference, std::uint32_t& row, std::uint32_t& col);

} // namespace klarmeld::report
