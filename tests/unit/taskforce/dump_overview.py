#!/usr/bin/python3
"""Independent reader (openpyxl) for the taskforce overview workbook, for test_taskforce.

  dump_overview.py OVERVIEW.xlsx

Prints one line per non-empty cell: sheet<TAB>row<TAB>column<TAB>value<TAB>fill (RRGGBB or -), 1-based,
with tabs and newlines in values replaced by spaces, so the C++ test needs no xlsx or JSON parser.
"""
import sys

import openpyxl


def fill_of(cell):
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return "-"
    rgb = fill.fgColor.rgb
    return rgb[-6:] if isinstance(rgb, str) else "-"


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    print("#sheets\t" + "\t".join(workbook.sheetnames))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                value = str(cell.value).replace("\t", " ").replace("\n", " ")
                print(f"{sheet.title}\t{cell.row}\t{cell.column}\t{value}\t{fill_of(cell)}")


if __name__ == "__main__":
    main()
