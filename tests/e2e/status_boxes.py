#!/usr/bin/python3
""""Afventer dokumentation" on paper, read from `pdftotext -bbox` word boxes (for test_print_pdf.sh).

  status_boxes.py column BOXES.html   a readiness workbook: the status never starts left of the
                                      Klarmeldt/Klarmelding column it stands in
  status_boxes.py matrix BOXES.html   the taskforce matrix: the status never runs under the next
                                      interface's heading, and both words are printed whole

A cell too narrow for its text spills out to both sides when centred, or is cut at its border
("Afventer dokum") when its neighbour has text: either shows in the boxes of its words.
"""
import html
import re
import sys

STATUS_WORDS = ("Afventer", "dokumentation")


def pages(path):
    """Per page, its words as (xMin, yMin, xMax, text)."""
    text = open(path, encoding="utf-8").read()
    for page in re.findall(r"<page.*?</page>", text, re.S):
        yield [(float(a), float(b), float(c), html.unescape(w)) for a, b, c, w in
               re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>', page)]


def check_column(path):
    problems, checked = [], 0
    for number, words in enumerate(pages(path), 1):
        headings = [x for x, _, _, w in words if w in ("Klarmeldt", "Klarmelding")]
        if not headings:
            continue
        left = min(headings) - 2.0  # the heading starts after the cell's padding
        for x, _, _, w in words:
            if w == "Afventer":
                checked += 1
                if x < left:
                    problems.append(f"page {number}: 'Afventer' starts at {x:.1f} pt, its column at {left + 2.0:.1f} pt")
    print(f"'Afventer dokumentation': {checked} on pages with a Klarmeldt column, {len(problems)} spilling out")
    return problems, checked


def check_matrix(path):
    problems, seen = [], dict.fromkeys(STATUS_WORDS, 0)
    for number, words in enumerate(pages(path), 1):
        ids = [(x, y) for x, y, _, w in words if re.fullmatch(r"(SF|CE)\d{4}(_[A-Z])?", w)]
        if not ids:
            continue
        top = min(y for _, y in ids)
        headings = [x for x, y in ids if abs(y - top) < 1.0]  # the heading row: the topmost ids
        for x_min, _, x_max, word in words:
            if word in seen:
                seen[word] += 1
                under = [h for h in headings if x_min + 0.5 < h < x_max - 0.5]
                if under:
                    problems.append(f"page {number}: '{word}' ({x_min:.1f}–{x_max:.1f} pt) runs under the heading at {under[0]:.1f} pt")
    if seen["Afventer"] != seen["dokumentation"]:
        problems.append(f"{seen['Afventer']} x 'Afventer' but {seen['dokumentation']} x 'dokumentation': cut at the cell border")
    print(f"matrix: {seen} words of 'Afventer dokumentation', {len(problems)} problems")
    return problems, seen["Afventer"]


def main():
    mode, path = sys.argv[1], sys.argv[2]
    problems, checked = (check_column if mode == "column" else check_matrix)(path)
    for problem in problems[:5]:
        print(" ", problem)
    sys.exit(1 if problems or checked == 0 else 0)


if __name__ == "__main__":
    main()
