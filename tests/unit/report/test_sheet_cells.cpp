#include <doctest/doctest.h>

#include "report/sheet_cells.hpp"

using namespace klarmeld;
using namespace klarmeld::report;

TEST_SUITE("report::sheet_cells") {
  TEST_CASE("cell references") {
    std::uint32_t row = 0;
    std::uint32_t col = 0;
    REQUIRE(parse_cell_reference("C12", row, col));
    CHECK(row == 11);
    CHECK(col == 2);
    REQUIRE(parse_cell_reference("XFD1048576", row, col));
    CHECK(col == 16383);
    CHECK_FALSE(parse_cell_reference("XFE1", row, col));
    CHECK_FALSE(parse_cell_reference("A0", row, col));
    CHECK_FALSE(parse_cell_reference("A1048577", row, col));
    CHECK_FALSE(parse_cell_reference("1A", row, col));
    CHECK_FALSE(parse_cell_reference("ABCD1", row, col));
  }

  TEST_CASE("inline strings, rich text, numbers and implicit positions") {
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Æble</t></is></c><c t="s"><v>1</v></c><c><v>42</v></c></row>
<row><c t="inlineStr"><is><r><t>rig </t></r><r><t>tekst</t></r><rPh><t>ignored</t></rPh></is></c></row>
<row r="5"><c r="C5" t="s"><v>0</v></c></row>
</sheetData></worksheet>)";
    SharedStrings shared{"først", "anden"};
    auto cells = parse_sheet(xml, shared, "test.xml", {});
    REQUIRE(cells.ok());
    CHECK(cells->at(0, 0) == "Æble");
    CHECK(cells->at(0, 1) == "anden");
    CHECK(cells->at(0, 2) == "42");
    CHECK(cells->at(1, 0) == "rig tekst");
    CHECK(cells->at(4, 2) == "først");
    CHECK(cells->at(3, 0).empty());
    CHECK(cells->last_row() == 4);
  }

  TEST_CASE("cells out of order are found, and of a cell given twice the later counts") {
    // Writers list cells in order; a hand-made or hostile sheet need not.
    const std::string xml = R"(<worksheet><sheetData>
<row r="3"><c r="B3"><v>b3</v></c><c r="A3"><v>a3</v></c></row>
<row r="1"><c r="A1"><v>first</v></c><c r="A1"><v>second</v></c><c r="C1"><v>c1</v></c></row>
<row r="2"><c r="A2"><v>a2</v></c></row>
</sheetData></worksheet>)";
    auto cells = parse_sheet(xml, {}, "test.xml", {});
    REQUIRE(cells.ok());
    CHECK(cells->at(0, 0) == "second");
    CHECK(cells->at(0, 2) == "c1");
    CHECK(cells->at(1, 0) == "a2");
    CHECK(cells->at(2, 0) == "a3");
    CHECK(cells->at(2, 1) == "b3");
    CHECK(cells->at(0, 1).empty());
    CHECK(cells->at(3, 0).empty());
    CHECK(cells->last_row() == 2);
    SheetCells later;
    later.set(4, 4, "x");
    CHECK(later.at(4, 4) == "x");
    later.set(0, 0, "y"); // after a lookup, out of order again
    later.set(4, 4, "z");
    CHECK(later.at(0, 0) == "y");
    CHECK(later.at(4, 4) == "z");
  }

  TEST_CASE("shared strings with rich text; DOCTYPE refused") {
    auto strings = parse_shared_strings(
        R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si></sst>)",
        "sst.xml", {});
    REQUIRE(strings.ok());
    REQUIRE(strings->size() == 2);
    CHECK((*strings)[0] == "a");
    CHECK((*strings)[1] == "bc");
    auto hostile = parse_shared_strings(R"(<!DOCTYPE sst SYSTEM "file:///etc/passwd"><sst/>)", "sst.xml", {});
    REQUIRE_FALSE(hostile.ok());
    CHECK(hostile.error().code == "workbook.dtd");
  }

  TEST_CASE("sheet targets may not leave the package folder") {
    const std::string workbook =
        R"(<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Oversigt" sheetId="1" r:id="rId1"/></sheets></workbook>)";
    auto escaped = parse_sheet_list(
        workbook, R"(<Relationships><Relationship Id="rId1" Target="../../etc/passwd"/></Relationships>)", "w.xlsx");
    REQUIRE_FALSE(escaped.ok());
    CHECK(escaped.error().code == "workbook.layout");
    auto absolute = parse_sheet_list(
        workbook, R"(<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml"/></Relationships>)",
        "w.xlsx");
    REQUIRE(absolute.ok());
    CHECK(absolute->at(0).part == "xl/worksheets/sheet1.xml");
    CHECK(absolute->at(0).name == "Oversigt");
  }
}
