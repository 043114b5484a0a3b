#!/usr/bin/python3
"""`klarmeld aggregate` and `klarmeld diff` through the real binary, on the mixed folder test_taskforce
writes (valid, tampered, unsigned, untrusted, older catalog) and its trust anchor.

  cli_aggregate.py KLARMELD CRITERIA_DIR FOLDER
"""
import json
import os
import subprocess
import sys

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
