#!/usr/bin/python3
"""`klarmeld aggregate` and `klarmeld diff` through the real binary, on the mixed folder test_taskforce
writes (valid, tampered, unsigned, untrusted, older catalog) and its trust anchor, and on the duplicate
folders test_duplicates.cpp writes (FOLDER/../work/supersede, FOLDER/../work/conflict).

  cli_aggregate.py KLARMELD CRITERIA_DIR FOLDER
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=300, check=False)


def main():
    klarmeld, criteria, folder = sys.argv[1:4]
    inputs = os.path.join(folder, "inputs")
    trust = os.path.join(folder, "root-ca.pem")
    out = os.path.join(folder, "cli-overview.xlsx")
    failures = []

    result = run(klarmeld, "aggregate", inputs, "--out", out, "--trust", trust, "--criteria", criteria, "--json")
    if result.returncode != 1:  # some inputs excluded
        failures.append(f"aggregate exit {result.returncode}, expected 1: {result.stderr}")
    summary = json.loads(result.stdout)
    if summary["accepted"] != 3 or summary["inputs"] != 6:
        failures.append(f"accepted/inputs: {summary['accepted']}/{summary['inputs']}")
    codes = {os.path.basename(item["path"]): item["code"] for item in summary["excluded"]}
    if codes != {"c-tampered.xlsx": "invalid", "d-unsigned.xlsx": "unsigned", "e-untrusted.xlsx": "untrusted"}:
        failures.append(f"excluded: {codes}")
    if not any("f-older.xlsx (0.9.0)" in item for item in summary["older_catalog"]):
        failures.append(f"older catalog not named: {summary['older_catalog']}")
    matrix = openpyxl.load_workbook(out)["Matrix"]
    if matrix.max_row != 4:
        failures.append(f"matrix has {matrix.max_row} rows")

    # Only valid inputs: exit 0.
    result = run(klarmeld, "aggregate", os.path.join(inputs, "a-valid.xlsx"), os.path.join(inputs, "b-valid.xlsx"),
                 "--out", out, "--trust", trust, "--criteria", criteria)
    if result.returncode != 0 or "2 regneark medtaget, 0 udeladt" not in result.stdout:
        failures.append(f"valid-only aggregate: exit {result.returncode}: {result.stdout}")

    # One klarmelding per vendor/system/municipality: an identical copy is a duplicate (exit 0) ...
    copies = tempfile.mkdtemp(prefix="klarmeld-dup-")
    try:
        for name in ("a-valid.xlsx", "a-valid.xlsx.p7s", "b-valid.xlsx", "b-valid.xlsx.p7s"):
            shutil.copy(os.path.join(inputs, name), copies)
        shutil.copy(os.path.join(inputs, "a-valid.xlsx"), os.path.join(copies, "z-copy.xlsx"))
        shutil.copy(os.path.join(inputs, "a-valid.xlsx.p7s"), os.path.join(copies, "z-copy.xlsx.p7s"))
        result = run(klarmeld, "aggregate", copies, "--out", out, "--trust", trust, "--criteria", criteria, "--json")
        summary = json.loads(result.stdout) if result.stdout else {}
        codes = {os.path.basename(item["path"]): item["code"] for item in summary.get("excluded", [])}
        if result.returncode != 0 or summary.get("accepted") != 2 or summary.get("replaced") != 1 \
                or codes != {"z-copy.xlsx": "duplicate"}:
            failures.append(f"copy: exit {result.returncode}, {summary}")
        if openpyxl.load_workbook(out)["Matrix"].max_row != 3:
            failures.append("copy: counted twice in the matrix")
    finally:
        shutil.rmtree(copies, ignore_errors=True)
    # ... an older one is superseded (exit 0, listed with the reason) ...
    work = os.path.join(os.path.dirname(folder), "work")
    newer = os.path.join(work, "supersede", "a-ny.xlsx")
    older = os.path.join(work, "supersede", "b-gammel.xlsx")
    result = run(klarmeld, "aggregate", older, newer, "--out", out, "--trust", trust, "--criteria", criteria)
    if result.returncode != 0 or "1 regneark medtaget, 0 udeladt, 1 erstattet af nyere klarmelding eller dublet" not in result.stdout \
            or f"{older}: Erstattet af nyere klarmelding: {newer} (2026-11-01T10:05:00Z)" not in result.stdout:
        failures.append(f"supersede: exit {result.returncode}: {result.stdout} {result.stderr}")
    # ... and the same time with different content is a conflict: exit 1, both files named.
    first = os.path.join(work, "conflict", "k1.xlsx")
    second = os.path.join(work, "conflict", "k2.xlsx")
    result = run(klarmeld, "aggregate", second, first, "--out", out, "--trust", trust, "--criteria", criteria,
                 "--json")
    summary = json.loads(result.stdout) if result.stdout else {}
    conflicted = summary.get("counted_with_conflict", [])
    if result.returncode != 1 or summary.get("conflicts") != 1 or len(conflicted) != 1 \
            or not conflicted[0].startswith(first) or second not in conflicted[0] \
            or [item["code"] for item in summary.get("excluded", [])] != ["conflict"]:
        failures.append(f"conflict: exit {result.returncode}, {summary} {result.stderr}")

    # Usage errors: exit 2, nothing written.
    result = run(klarmeld, "aggregate", os.path.join(folder, "missing"), "--out", out)
    if result.returncode != 2:
        failures.append(f"missing input: exit {result.returncode}")

    # diff: a (SF1500 Ja) -> b (SF1500 Nej) is a regression; b -> a is not.
    a = os.path.join(inputs, "a-valid.xlsx")
    b = os.path.join(inputs, "b-valid.xlsx")
    result = run(klarmeld, "diff", a, b, "--trust", trust, "--json")
    diff = json.loads(result.stdout) if result.stdout else {}
    if result.returncode != 1 or not diff.get("regression"):
        failures.append(f"diff a b: exit {result.returncode} {result.stderr}")
    if not any(c["id"] == "SF1500" and c["before"] == "ja" and c["after"] == "nej" for c in diff.get("interface_changes", [])):
        failures.append("diff a b: SF1500 Ja -> Nej not reported")
    if diff.get("same_subject", True):
        failures.append("diff a b: different vendors not flagged")
    result = run(klarmeld, "diff", b, a)
    if result.returncode not in (0, 1) or "SF1500: Nej -> Ja" not in result.stdout:
        failures.append(f"diff b a: exit {result.returncode}: {result.stdout}")
    result = run(klarmeld, "diff", a, a)
    if result.returncode != 0 or "ingen tilbagegang" not in result.stdout:
        failures.append(f"diff a a: exit {result.returncode}: {result.stdout}")
    result = run(klarmeld, "diff", a, os.path.join(inputs, "c-tampered.xlsx.p7s"))
    if result.returncode != 2:
        failures.append(f"diff with a non-workbook: exit {result.returncode}")

    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
