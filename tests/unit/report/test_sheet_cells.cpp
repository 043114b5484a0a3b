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
    CHECK_FALSE(parse_cell_reference("A", row, col));
    CHECK_FALSE(parse_cell_reference("A1x", row, col));
    CHECK_FALSE(parse_cell_reference("A-1", row, col));
    CHECK_FALSE(parse_cell_reference("A99999999999", row, col));
    REQUIRE(parse_cell_reference("B007", row, col)); // leading zeros, as std::from_chars reads them
    CHECK(row == 6);
    CHECK(col == 1);
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

  TEST_CASE("element names match with any prefix or none, and only whole local names") {
    // Prefixes are the writer's choice (x:c is c); a longer name that begins alike (cc, vv) is not c or v,
    // a prefixed attribute (x:t) is not the cell's t, and a formula <f> may precede <v>.
    const std::string xml =
        R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:cc r="B1"><x:v>decoy</x:v></x:cc><c r="C1"><f>1+1</f><vv>9</vv><v>2</v></c></x:row>
<x:row r="2"><a:b:c r="A2"><v>deep</v></a:b:c><c r="B2" x:t="s"><v>0</v></c><x:c r="C2" t="inlineStr"><x:is><x:r><x:t>x</x:t></x:r><x:r><x:t>y</x:t></x:r></x:is></x:c></x:row>
<rows r="3"><c r="A3"><v>not a row</v></c></rows>
</x:sheetData></x:worksheet>)";
    auto strings = parse_shared_strings(
        R"(<s:sst xmlns:s="urn:x"><s:si><s:t>nul</s:t></s:si><s:si><s:r><s:t>é</s:t></s:r><s:r><s:t>n</s:t></s:r></s:si><sit><t>no</t></sit></s:sst>)",
        "sst.xml", {});
    REQUIRE(strings.ok());
    REQUIRE(strings->size() == 2);
    auto cells = parse_sheet(xml, *strings, "test.xml", {});
    REQUIRE(cells.ok());
    CHECK(cells->at(0, 0) == "én");
    CHECK(cells->at(0, 1).empty());
    CHECK(cells->at(0, 2) == "2");
    CHECK(cells->at(1, 0).empty()); // "a:b:c" is local name "b:c"
    CHECK(cells->at(1, 1) == "0");
    CHECK(cells->at(1, 2) == "xy");
    CHECK(cells->at(2, 0).empty());
    CHECK(cells->last_row() == 1);
  }

  TEST_CASE("mixed content: a value is its first text, an item its t or runs") {
    // Hand-made or hostile parts may mix text and elements; what counts is fixed here.
    const std::string xml = R"(<worksheet><sheetData><row r="1">
<c r="A1"><v>1<x/>2</v></c><c r="B1"><v><x/>3</v></c><c r="C1"><v><![CDATA[4]]>5</v></c><c r="D1"><v>6<![CDATA[7]]></v></c>
<c r="E1" t="inlineStr"><is>junk<t>in</t>more</is></c><c r="F1"><v></v></c><c r="G1"><v/></c><c r="H1">text<v>8</v></c>
</row></sheetData></worksheet>)";
    auto strings = parse_shared_strings(
        R"(<sst><si>junk<t>a</t></si><si><t>b</t>tail</si><si>only text</si><si><t>c<x/>d</t></si></sst>)", "sst.xml",
        {});
    REQUIRE(strings.ok());
    REQUIRE(strings->size() == 4);
    CHECK((*strings)[0] == "a");
    CHECK((*strings)[1] == "b");
    CHECK((*strings)[2].empty());
    CHECK((*strings)[3] == "c");
    auto cells = parse_sheet(xml, *strings, "test.xml", {});
    REQUIRE(cells.ok());
    CHECK(cells->at(0, 0) == "1");
    CHECK(cells->at(0, 1) == "3");
    CHECK(cells->at(0, 2) == "4");
    CHECK(cells->at(0, 3) == "6");
    CHECK(cells->at(0, 4) == "in");
    CHECK(cells->at(0, 5).empty());
    CHECK(cells->at(0, 6).empty());
    CHECK(cells->at(0, 7) == "8");
  }

  TEST_CASE("a shared-string index is decimal digits within the table") {
    SharedStrings shared{"a", "b"};
    auto cell = [&](std::string_view value) {
      return parse_sheet("<worksheet><sheetData><row><c t=\"s\"><v>" + std::string(value) +
                             "</v></c></row></sheetData></worksheet>",
                         shared, "test.xml", {});
    };
    REQUIRE(cell("01").ok());
    CHECK(cell("01")->at(0, 0) == "b");
    for (const char* bad : {"", " 1", "1 ", "+1", "-1", "1x", "18446744073709551616"}) {
      CAPTURE(bad);
      auto cells = cell(bad);
      REQUIRE_FALSE(cells.ok());
      CHECK(cells.error().code == "workbook.bad-cell");
      CHECK(cells.error().message.find("bad shared-string index") != std::string::npos);
    }
    auto beyond = cell("2");
    REQUIRE_FALSE(beyond.ok());
    CHECK(beyond.error().message.find("out of range") != std::string::npos);
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
    SheetCells::Row first = cells->row(0);
    CHECK(first.at(0) == "second");
    CHECK(first.at(1).empty());
    CHECK(first.at(2) == "c1");
    CHECK(cells->row(2).at(1) == "b3");
    CHECK(cells->row(3).at(0).empty());
    SheetCells later;
    later.set(4, 4, "x");
    CHECK(later.at(4, 4) == "x");
    later.set(0, 0, "y"); // after a lookup, out of order again
    later.set(4, 4, "z");
    CHECK(later.at(0, 0) == "y");
    CHECK(later.at(4, 4) == "z");
    later.set(4, 3, "w"); // and again, before a row is taken
    CHECK(later.row(4).at(3) == "w");
    CHECK(later.row(4).at(4) == "z");
    CHECK(later.row(0).at(4).empty());
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
