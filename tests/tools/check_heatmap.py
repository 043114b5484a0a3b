#!/usr/bin/python3
"""Loads the taskforce HTML heat map in headless Chromium and checks the live DOM against the overview
workbook (read with openpyxl): one cell per matrix entry, each with the colour class of its verdict,
and the filters filled in by the page's own script.

  check_heatmap.py DIR      DIR holds overview.html and overview.xlsx (written by test_taskforce)

Exit 0 pass, 1 fail, 77 skipped (no chromium installed: `apt-get install -y chromium`).
"""
import collections
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

CLASS_OF = {"Ja": "v-ja", "Nej": "v-nej", "Ikke testet": "v-ikke-testet", "Ikke relevant": "v-ikke-relevant"}
LEAD_COLUMNS = 4  # Leverandør, System, Kommune, Katalogversion


class MatrixDom(html.parser.HTMLParser):
    """Collects the matrix rows (td.cell classes and texts) and the options of the filter selects."""

    def __init__(self):
        super().__init__()
        self.table = None
        self.rows = []
        self.cell = None
        self.select = None
        self.options = collections.defaultdict(int)
        self.external = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table":
            self.table = attributes.get("id")
        elif tag == "tr" and self.table == "matrix" and "data-row" in attributes:
            self.rows.append([])
        elif tag == "td" and self.table == "matrix" and "cell" in attributes.get("class", "").split():
            self.cell = {"classes": attributes["class"].split(), "iface": attributes.get("data-iface"), "text": ""}
            self.rows[-1].append(self.cell)
        elif tag == "select":
            self.select = attributes.get("id")
        elif tag == "option" and self.select:
            self.options[self.select] += 1
        for name in ("src", "href"):
            if name in attributes and "://" in (attributes[name] or ""):
                self.external.append(attributes[name])

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag == "td":
            self.cell = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class DetailsDom(html.parser.HTMLParser):
    """Collects the text and criterion rows of the #details panel."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.text = ""
        self.rows = 0
        self.visible = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and attributes.get("id") == "details":
            self.depth = 1
            self.visible = "display: block" in (attributes.get("style") or "")
        elif self.depth:
            if tag == "div":
                self.depth += 1
            if tag == "tr":
                self.rows += 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text += data


def dump_dom(chromium, page, fragment=""):
    profile = tempfile.mkdtemp(prefix="klarmeld-chromium-")
    try:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
             "--dump-dom", "file://" + os.path.abspath(page) + fragment],
            capture_output=True, text=True, timeout=240, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if result.returncode != 0 or "<table" not in result.stdout:
        sys.exit(f"FAIL: chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def expected_from_workbook(path):
    sheet = openpyxl.load_workbook(path)["Matrix"]
    header = [cell.value for cell in sheet[1]]
    interfaces = header[LEAD_COLUMNS:]
    rows = []
    vendors = set()
    municipalities = set()
    for values in sheet.iter_rows(min_row=2, values_only=True):
        if values[0] is None:
            continue
        vendors.add(values[0])
        municipalities.add(values[2])
        rows.append([(interfaces[i], CLASS_OF[v]) for i, v in enumerate(values[LEAD_COLUMNS:])])
    return interfaces, rows, vendors, municipalities


def main():
    directory = sys.argv[1]
    chromium = find_chromium()
    if chromium is None:
        print("SKIP: chromium not installed (apt-get install -y chromium)")
        return 77
    interfaces, expected_rows, vendors, municipalities = expected_from_workbook(os.path.join(directory, "overview.xlsx"))
    dom = MatrixDom()
    dom.feed(dump_dom(chromium, os.path.join(directory, "overview.html")))
    failures = []
    if dom.external:
        failures.append(f"external assets referenced: {dom.external}")
    if len(dom.rows) != len(expected_rows):
        failures.append(f"{len(dom.rows)} matrix rows in the DOM, {len(expected_rows)} in the workbook")
    counts = collections.Counter()
    for number, (row, expected) in enumerate(zip(dom.rows, expected_rows)):
        if len(row) != len(expected):
            failures.append(f"row {number}: {len(row)} cells, expected {len(expected)}")
        for cell, (interface, colour_class) in zip(row, expected):
            counts[colour_class] += 1
            if cell["iface"] != interface or colour_class not in cell["classes"]:
                failures.append(f"row {number} {interface}: DOM {cell}, workbook {colour_class}")
    dom_counts = collections.Counter(c for row in dom.rows for cell in row for c in cell["classes"] if c.startswith("v-"))
    if dom_counts != counts:
        failures.append(f"colour classes in the DOM {dict(dom_counts)} != workbook {dict(counts)}")
    # The script ran: the vendor and municipality filters are filled from the rows ("Alle" + one each).
    if dom.options["filter-vendor"] != 1 + len(vendors):
        failures.append(f"vendor filter has {dom.options['filter-vendor']} options, expected {1 + len(vendors)}")
    if dom.options["filter-municipality"] != 1 + len(municipalities):
        failures.append(f"municipality filter has {dom.options['filter-municipality']} options")
    if dom.options["filter-interface"] != 1 + len(interfaces):
        failures.append(f"interface filter has {dom.options['filter-interface']} options")
    # A click on a cell (row 0, SF1500, via the page's #celle= link) shows the criteria behind it.
    details = DetailsDom()
    details.feed(dump_dom(chromium, os.path.join(directory, "overview.html"), "#celle=0:SF1500"))
    if not details.visible or "SF1500.1" not in details.text or details.rows < 2:
        failures.append(f"details for row 0 SF1500 not shown: visible={details.visible} rows={details.rows} "
                        f"text={details.text[:200]!r}")
    for failure in failures:
        print("FAIL:", failure)
    total = sum(len(row) for row in dom.rows)
    print(f"{len(dom.rows)} rows, {total} cells, colours {dict(sorted(dom_counts.items()))}")
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
