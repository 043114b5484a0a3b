#!/usr/bin/python3
"""Independent reader for klarmeld's outputs, used by the tests (needs python3-openpyxl).

  read_workbook.py WORKBOOK.xlsx   dump sheets, cells and layout facts as JSON on stdout
  read_workbook.py --json FILE     parse FILE with Python's strict JSON parser and re-dump it

The dump is deliberately plain so a C++ test can assert on it without openpyxl's object model.
"""
import json
import sys


def colour(cell):
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = fill.fgColor.rgb if fill.fgColor is not None else None
    return rgb if isinstance(rgb, str) else None


def dump_sheet(sheet):
    cells = {}
    fills = {}
    links = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and cell.value != "":
                cells[cell.coordinate] = cell.value
            if cell.hyperlink is not None:
                links[cell.coordinate] = cell.hyperlink.location or cell.hyperlink.target
            rgb = colour(cell)
            if rgb is not None:
                fills[cell.coordinate] = rgb
    validations = []
    for validation in sheet.data_validations.dataValidation:
        validations.append({
            "sqref": str(validation.sqref),
            "type": validation.type,
            "formula1": validation.formula1,
        })
    conditional = []
    for rule_range in sheet.conditional_formatting:
        for rule in rule_range.rules:
            conditional.append({
                "sqref": str(rule_range.sqref),
                "type": rule.type,
                "operator": rule.operator,
                "formula": list(rule.formula or []),
            })
    widths = {}
    for letter, dimension in sheet.column_dimensions.items():
        if dimension.width:
            widths[letter] = dimension.width
    setup = sheet.page_setup
    tab = sheet.sheet_properties.tabColor
    return {
        "tab_color": tab.rgb if tab is not None and isinstance(tab.rgb, str) else None,
        "cells": cells,
        "fills": fills,
        "links": links,
        "freeze_panes": sheet.freeze_panes,
        "data_validations": validations,
        "conditional_formats": conditional,
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "column_widths": widths,
        "orientation": setup.orientation,
        "paper_size": int(setup.paperSize) if setup.paperSize is not None else None,
        # Absent attributes mean 1 page (ECMA-376-1 §18.3.1.63 defaults fitToWidth/fitToHeight to 1).
        "fit_to_width": int(setup.fitToWidth) if setup.fitToWidth is not None else 1,
        "fit_to_height": int(setup.fitToHeight) if setup.fitToHeight is not None else 1,
        "fit_to_page": bool(sheet.sheet_properties.pageSetUpPr.fitToPage)
        if sheet.sheet_properties.pageSetUpPr is not None else False,
        "print_scale": int(setup.scale) if setup.scale is not None else 100,
        "print_title_rows": sheet.print_title_rows,
        "print_title_cols": sheet.print_title_cols,
        "row_heights": {str(index): dimension.height for index, dimension in sheet.row_dimensions.items()
                        if dimension.height is not None},
    }


def dump_workbook(path):
    import openpyxl  # imported here so --json works without openpyxl

    workbook = openpyxl.load_workbook(path)
    properties = workbook.properties
    return {
        "sheets": workbook.sheetnames,
        "properties": {
            "title": properties.title,
            "creator": properties.creator,
            "subject": properties.subject,
            "keywords": properties.keywords,
            "description": properties.description,
        },
        "sheet": {name: dump_sheet(workbook[name]) for name in workbook.sheetnames},
    }


def main(argv):
    if len(argv) == 3 and argv[1] == "--json":
        with open(argv[2], encoding="utf-8") as handle:
            # strict=True (the default) rejects raw control characters inside strings.
            document = json.load(handle)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    if len(argv) == 2:
        json.dump(dump_workbook(argv[1]), sys.stdout, ensure_ascii=False, indent=1, default=str)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
