#!/usr/bin/python3
"""Independent reader for klarmeld's outputs: opens the readiness workbook with openpyxl (not our own
reader), the catalog YAML with PyYAML, and checks every sheet, header value, criterion row and verdict
against an expectations file. Also checks the JUnit XML and the JSON. Exit 0 = all good; else prints
every mismatch and exits 1."""
import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import yaml

errors = []


def fail(message):
    errors.append(message)


def expect_equal(what, actual, expected):
    if actual != expected:
        fail(f"{what}: expected {expected!r}, got {actual!r}")


def load_catalog(directory):
    directory = Path(directory)
    catalog = yaml.safe_load((directory / "catalog.yaml").read_text(encoding="utf-8"))
    interfaces = {}
    for interface_id in catalog["order"]:
        interfaces[interface_id] = yaml.safe_load((directory / f"{interface_id}.yaml").read_text(encoding="utf-8"))
    return catalog, interfaces


def find_cell(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() == text:
                return cell
    return None


def value_below(sheet, cell):
    return sheet.cell(row=cell.row + 1, column=cell.column).value


def value_right(sheet, cell):
    for column in range(cell.column + 1, cell.column + 4):
        value = sheet.cell(row=cell.row, column=column).value
        if value not in (None, ""):
            return value
    return None


def check_header_block(sheet, expect, where):
    for label, key in (("LEVERANDØR", "vendor"), ("SYSTEM", "system"), ("PILOTKOMMUNE", "municipality")):
        cell = find_cell(sheet, label)
        if cell is None:
            fail(f"{where}: no '{label}' header")
            continue
        value = value_below(sheet, cell)
        if not isinstance(value, str) or expect[key] not in value:
            fail(f"{where}: '{label}' value {value!r} does not contain {expect[key]!r}")


def check_overview(book, catalog, interfaces, expect):
    sheet = book.worksheets[0]
    check_header_block(sheet, expect, "overview")
    header = find_cell(sheet, "SNITFLADE NUMMER")
    if header is None:
        fail("overview: no 'SNITFLADE NUMMER' table header")
        return
    labels = [sheet.cell(row=header.row, column=header.column + i).value for i in range(4)]
    expect_equal("overview table header", labels,
                 ["SNITFLADE NUMMER", "INTEGRATIONER", "Leverandørens selvangivelse", "Klarmeldt"])
    for offset, interface_id in enumerate(catalog["order"], start=1):
        row = [sheet.cell(row=header.row + offset, column=header.column + i).value for i in range(4)]
        expect_equal(f"overview row {offset} id", row[0], interface_id)
        expect_equal(f"overview {interface_id} name", row[1], interfaces[interface_id]["name"])
        wanted = expect["interfaces"].get(interface_id, {})
        if "declaration" in wanted:
            expect_equal(f"overview {interface_id} selvangivelse", row[2], wanted["declaration"])
        if "klarmeldt" in wanted:
            expect_equal(f"overview {interface_id} klarmeldt", row[3], wanted["klarmeldt"])
        if row[3] not in ("Ja", "Nej", "Ikke relevant", "Ikke testet", "Afventer dokumentation"):
            fail(f"overview {interface_id}: klarmeldt cell {row[3]!r} is not a known verdict")
    text = " ".join(str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None)
    if not re.search(r"\b[0-9a-f]{64}\b", text):
        fail("overview: no SHA-256 (catalog hash) shown")
    if catalog["identity"] not in text:
        fail("overview: catalog identity not shown")
    if sheet.freeze_panes is None:
        fail("overview: header rows are not frozen")


def check_interface_sheet(book, interface_id, definition, wanted, expect):
    sheet = book[interface_id]
    where = f"sheet {interface_id}"
    check_header_block(sheet, expect, where)
    overall = find_cell(sheet, "Samlet vurdering af klarmelding")
    if overall is None:
        fail(f"{where}: no 'Samlet vurdering af klarmelding'")
    elif "klarmeldt" in wanted:
        expect_equal(f"{where} samlet vurdering", value_right(sheet, overall), wanted["klarmeldt"])
    if find_cell(sheet, "Bemærkninger") is None:
        fail(f"{where}: no 'Bemærkninger'")
    integration = find_cell(sheet, "Integration")
    if integration is None:
        fail(f"{where}: no 'Integration'")
    else:
        row_text = " ".join(str(sheet.cell(row=integration.row, column=c).value or "") for c in range(1, 8))
        if interface_id not in row_text or definition["name"] not in row_text:
            fail(f"{where}: Integration row {row_text!r} lacks id or name")
    header = find_cell(sheet, "Nr.")
    if header is None:
        fail(f"{where}: no criteria table ('Nr.')")
        return
    expect_equal(f"{where} table header",
                 [sheet.cell(row=header.row, column=header.column + i).value for i in range(3)],
                 ["Nr.", "Klarmelding", "Klarmeldingskriterium"])
    criteria = definition["criteria"]
    for offset, criterion in enumerate(criteria, start=1):
        row = [sheet.cell(row=header.row + offset, column=header.column + i).value for i in range(3)]
        number = criterion["id"].split(".")[-1]
        expect_equal(f"{where} row {offset} Nr.", str(row[0]), number)
        expect_equal(f"{where} {criterion['id']} text", row[2], criterion["text"])
        verdicts = wanted.get("criteria", {})
        if criterion["id"] in verdicts:
            expect_equal(f"{where} {criterion['id']} klarmelding", row[1], verdicts[criterion["id"]])
        elif row[1] not in ("Ja", "Nej", "Ikke testet"):
            fail(f"{where} {criterion['id']}: verdict {row[1]!r} unknown")
    after = sheet.cell(row=header.row + len(criteria) + 1, column=header.column + 2).value
    if after not in (None, ""):
        fail(f"{where}: unexpected extra criterion row {after!r}")
    if not sheet.data_validations.dataValidation:
        fail(f"{where}: Ja/Nej cells carry no data-validation list")
    if sheet.freeze_panes is None:
        fail(f"{where}: header rows are not frozen")


def check_workbook(path, catalog, interfaces, expect):
    book = openpyxl.load_workbook(path)
    assessed = [i for i in catalog["order"] if expect["interfaces"].get(i, {}).get("klarmeldt") != "Ikke relevant"
                and i in expect["interfaces"]]
    if expect.get("assessed_only_listed", True):
        wanted_sheets = [book.sheetnames[0]] + assessed + ["Dokumentation"]
        expect_equal("sheet names", book.sheetnames, wanted_sheets)
    check_overview(book, catalog, interfaces, expect)
    for interface_id in assessed:
        if interface_id not in book.sheetnames:
            fail(f"no sheet for assessed interface {interface_id}")
            continue
        check_interface_sheet(book, interface_id, interfaces[interface_id], expect["interfaces"][interface_id], expect)
    if "Dokumentation" in book.sheetnames:
        documentation = book["Dokumentation"]
        ids = {str(c.value) for r in documentation.iter_rows() for c in r[:1] if c.value}
        for interface_id in assessed:
            for criterion in interfaces[interface_id]["criteria"]:
                if criterion["id"] not in ids:
                    fail(f"Dokumentation: no row for {criterion['id']}")


def check_junit(path, expect, interfaces):
    root = ET.parse(path).getroot()
    suites = root.findall("testsuite") if root.tag == "testsuites" else [root]
    by_name = {s.get("name", "").split()[0]: s for s in suites}
    for interface_id, wanted in expect["interfaces"].items():
        if wanted.get("klarmeldt") == "Ikke relevant":
            continue
        suite = by_name.get(interface_id)
        if suite is None:
            fail(f"junit: no testsuite for {interface_id}")
            continue
        cases = suite.findall("testcase")
        expect_equal(f"junit {interface_id} testcases", len(cases), len(interfaces[interface_id]["criteria"]))
        failures = sum(1 for c in cases if c.find("failure") is not None)
        nej = sum(1 for v in wanted.get("criteria", {}).values() if v == "Nej")
        if wanted.get("criteria") and len(wanted["criteria"]) == len(cases):
            expect_equal(f"junit {interface_id} failures", failures, nej)
        expect_equal(f"junit {interface_id} failures attribute", int(suite.get("failures", "0")), failures)


def check_json(path, expect):
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    if "schema_version" not in document:
        fail("json: no schema_version")
    text = json.dumps(document, ensure_ascii=False)
    for interface_id in expect["interfaces"]:
        if interface_id not in text:
            fail(f"json: interface {interface_id} missing")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--xlsx", required=True)
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--expect", required=True)
    parser.add_argument("--junit")
    parser.add_argument("--json")
    args = parser.parse_args()
    catalog, interfaces = load_catalog(args.catalog)
    expect = yaml.safe_load(Path(args.expect).read_text(encoding="utf-8"))
    check_workbook(args.xlsx, catalog, interfaces, expect)
    if args.junit:
        check_junit(args.junit, expect, interfaces)
    if args.json:
        check_json(args.json, expect)
    for message in errors:
        print("MISMATCH:", message)
    print(f"verify_workbook: {len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
