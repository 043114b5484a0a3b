#!/usr/bin/python3
"""The comparison for bench_aggregate: read the same readiness workbooks with openpyxl into the same
matrix (vendor/system/municipality x interface -> verdict), without signature verification.

  openpyxl_matrix.py LIMIT FILE_LIST     read the first LIMIT files named (one per line) in FILE_LIST

Prints "files=N rows=R cells=C" so the benchmark can check that the work was done.
"""
import sys

import openpyxl


def read_matrix_row(path):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook["Oversigt"]
        rows = list(sheet.iter_rows(max_col=4, values_only=True))
    finally:
        workbook.close()
    subject = None
    cells = {}
    in_table = False
    for number, row in enumerate(rows):
        first = row[0] if row else None
        if first == "LEVERANDØR" and subject is None:
            values = rows[number + 1]
            subject = (values[0], values[1], values[2])
        elif first == "SNITFLADE NUMMER":
            in_table = True
        elif in_table:
            if not first:
                break
            cells[first] = row[3]
    return subject, cells


def main():
    limit = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as listing:
        files = [line.strip() for line in listing if line.strip()][:limit]
    matrix = {}
    for path in files:
        subject, cells = read_matrix_row(path)
        matrix[(path, subject)] = cells
    print(f"files={len(files)} rows={len(matrix)} cells={sum(len(c) for c in matrix.values())}")


if __name__ == "__main__":
    main()
