#!/usr/bin/env bash
# The workbooks on paper (issue 14 item 10): LibreOffice converts the demo's readiness workbooks and a
# taskforce overview to PDF on A4, and poppler reads the pages back. The overview sheet is one page with
# the overall result on it; "Samlet vurdering af klarmelding" has room above "Bemærkninger", whose text is
# Danish; the Dokumentation sheet prints at 8 pt or more; the taskforce overview prints landscape, fitted
# to the width, with its heading row on every page; "Afventer dokumentation" stays inside its column.
# Skipped (exit 0 with a note) without soffice/poppler.
set -euo pipefail
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
unset KLARMELD_CRITERIA
for tool in soffice pdfinfo pdftotext; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (scripts/setup installs it)"; exit 0; }
done

CI=1 timeout 300 "$klarmeld" demo --out-dir demo >demo.txt 2>&1 || { echo "demo failed"; tail -30 demo.txt; exit 1; }
cp demo/conforming/klarmelding_*.xlsx ready.xlsx
cp demo/half-ready/klarmelding_*.xlsx not-ready.xlsx

# The demo's two vendors are different vendors, so the overview over the demo folder (its subfolders
# included) counts both and exits 0.
set +e
"$klarmeld" aggregate demo --out overblik.xlsx --trust demo/pki/root-ca.pem >aggregate.txt 2>&1
status=$?
set -e
[ "$status" -eq 0 ] || { echo "aggregate over the demo folder exited $status"; cat aggregate.txt; exit 1; }
grep -q "2 regneark medtaget" aggregate.txt || { echo "aggregate did not take both workbooks"; cat aggregate.txt; exit 1; }
# A second overview with enough input rows to need more than one page: the same two signed workbooks
# submitted again in 40 folders.
for n in $(seq 1 40); do mkdir -p many/$n && cp demo/conforming/klarmelding_*.xlsx demo/half-ready/klarmelding_*.xlsx many/$n/; done
"$klarmeld" aggregate many --out mange.xlsx --trust demo/pki/root-ca.pem >many.txt 2>&1 || true
[ -s mange.xlsx ] || { echo "no overview of 80 inputs"; cat many.txt; exit 1; }

# A private LibreOffice profile, so the conversion neither uses nor changes the user's.
timeout 300 soffice --headless --norestore -env:UserInstallation="file://$work/lo-profile" \
  --convert-to pdf --outdir pdf ready.xlsx not-ready.xlsx overblik.xlsx mange.xlsx >soffice.txt 2>&1 || {
  echo "soffice failed"; cat soffice.txt; exit 1; }
for f in ready not-ready overblik mange; do
  [ -s "pdf/$f.pdf" ] || { echo "no pdf/$f.pdf"; cat soffice.txt; exit 1; }
done

# The page footer names the sheet ("&A"), so each page's text says which sheet it belongs to.
sheet_of_page() { pdftotext -layout -f "$2" -l "$2" "$1" - | grep -oE '^\S+\s+(Side|Page) [0-9]+ af [0-9]+' | awk '{print $1}'; }
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }

check_readiness_pdf() {
  local pdf=$1 overall=$2 total
  total=$(pages "$pdf")
  local interfaces
  interfaces=$("$PYTHON" -c "import openpyxl,sys; b=openpyxl.load_workbook(sys.argv[1]); print(len(b.sheetnames)-2)" "$(basename "${pdf%.pdf}").xlsx")
  interfaces=${interfaces//[^0-9]/}
  # Page count: one overview page, at least one page per interface sheet, then Dokumentation.
  [ "$total" -ge $((interfaces + 2)) ] || { echo "$pdf: $total pages for $interfaces interface sheets"; exit 1; }
  [ "$(sheet_of_page "$pdf" 1)" = "Oversigt" ] || { echo "$pdf: page 1 is not the overview"; exit 1; }
  [ "$(sheet_of_page "$pdf" 2)" != "Oversigt" ] || { echo "$pdf: the overview spills onto page 2"; exit 1; }
  pdftotext -layout -f 1 -l 1 "$pdf" page1.txt
  grep -q "Samlet resultat" page1.txt || { echo "$pdf: 'Samlet resultat' is not on page 1"; cat page1.txt; exit 1; }
  grep -qF "$overall" page1.txt || { echo "$pdf: '$overall' is not on page 1"; cat page1.txt; exit 1; }
  local counted=0 page
  for page in $(seq 1 "$total"); do
    pdfinfo -f "$page" -l "$page" "$pdf" | grep -q "size:.*(A4)" || { echo "$pdf: page $page is not A4"; exit 1; }
    [ -n "$(sheet_of_page "$pdf" "$page")" ] && counted=$((counted + 1))
  done
  [ "$counted" -eq "$total" ] || { echo "$pdf: only $counted of $total pages carry the sheet footer"; exit 1; }
  # The Dokumentation pages: every word box is at least 8 pt tall (a glyph box is never smaller than
  # the font size; fitted to one page wide the sheet printed at about 5 pt).
  local first_doc=""
  for page in $(seq 1 "$total"); do
    if [ "$(sheet_of_page "$pdf" "$page")" = "Dokumentation" ]; then first_doc=$page; break; fi
  done
  [ -n "$first_doc" ] || { echo "$pdf: no Dokumentation page"; exit 1; }
  pdftotext -bbox -f "$first_doc" -l "$total" "$pdf" doc-boxes.html
  "$PYTHON" - doc-boxes.html <<'PY'
import re, statistics, sys
heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)"', open(sys.argv[1]).read())]
if not heights:
    sys.exit("no words on the Dokumentation pages")
small = [h for h in heights if h < 8.0]
print(f"Dokumentation: {len(heights)} words, median box {statistics.median(heights):.1f} pt, {len(small)} under 8 pt")
sys.exit(1 if small else 0)
PY
  echo "$pdf: $total pages, overall result on page 1"
}
check_readiness_pdf pdf/not-ready.pdf "Ikke klar: mindst én vurderet snitflade er ikke klarmeldt"
check_readiness_pdf pdf/ready.pdf "Klar: alle vurderede snitflader er klarmeldt"

# The longest status, "Afventer dokumentation" (the half-ready vendor has it on the overview and on
# interface sheets), stays inside its column on paper: centred in a column too narrow it spilled out to
# both sides and the neighbouring cell clipped it to "fventer dokumentation".
pdftotext -bbox pdf/not-ready.pdf status-boxes.html
"$PYTHON" "$KLARMELD_SOURCE/tests/e2e/status_boxes.py" column status-boxes.html

# The same in the taskforce overview's matrix, where the interface columns are narrow: a pending cell
# wraps onto two lines inside its column (both words on paper), never under the next interface.
pdftotext -bbox pdf/overblik.pdf matrix-boxes.html
"$PYTHON" "$KLARMELD_SOURCE/tests/e2e/status_boxes.py" matrix matrix-boxes.html

# The page set-up itself, read by openpyxl: what LibreOffice honoured above is written explicitly, so
# Excel prints the same. Remarks are Danish and the assessment label's row is tall enough for two lines.
"$PYTHON" - not-ready.xlsx demo/half-ready/result.json overblik.xlsx <<'PY'
import json, re, sys, openpyxl
problems = []
def pages(value):  # fitToWidth/fitToHeight default to 1 when absent (ECMA-376-1 §18.3.1.63)
    return 1 if value is None else int(value)
book = openpyxl.load_workbook(sys.argv[1])
result = json.load(open(sys.argv[2], encoding="utf-8"))
reasons = {c["id"]: c.get("reason", "") for i in result["interfaces"] for c in i.get("criteria", [])}
for sheet in book.worksheets:
    setup = sheet.page_setup
    if setup.paperSize not in (9, "9"):
        problems.append(f"{sheet.title}: paper size {setup.paperSize}, not A4 (9)")
    if sheet.page_margins.left > 0.5 or sheet.page_margins.right > 0.5:
        problems.append(f"{sheet.title}: margins not set")
overview = book["Oversigt"]
if overview.page_setup.orientation != "portrait" or not overview.sheet_properties.pageSetUpPr.fitToPage \
        or pages(overview.page_setup.fitToHeight) != 1:
    problems.append("Oversigt: not portrait, one page")
doc = book["Dokumentation"]
fit = doc.sheet_properties.pageSetUpPr is not None and doc.sheet_properties.pageSetUpPr.fitToPage
scale = int(doc.page_setup.scale or 100)
sizes = {cell.font.sz or 11 for row in doc.iter_rows() for cell in row if cell.value is not None}
if fit or min(sizes) * scale / 100 < 8:
    problems.append(f"Dokumentation prints below 8 pt (fit to page {fit}, scale {scale}, fonts {sorted(sizes)})")
# "Varighed (ms)" takes two lines in its column: the heading row is set tall enough, else it is cut.
if (doc.row_dimensions[1].height or 15) < 30:
    problems.append(f"Dokumentation: the heading row is {doc.row_dimensions[1].height} pt, too low for two lines")
if doc.print_title_rows != "$1:$1" or doc.print_title_cols != "$A:$B":
    problems.append(f"Dokumentation repeats {doc.print_title_rows} / {doc.print_title_cols}")
danish = re.compile(r"^(Alle kriterier er opfyldt\.|((Alle krævede kriterier er opfyldt\. )?Ikke opfyldt|Afventer dokumentation): .+\. "
                    r"Begrundelserne står på arket Dokumentation\.)$")
for name in book.sheetnames[1:-1]:
    sheet = book[name]
    label, remark = sheet["A5"].value, sheet["B5"].value
    if sheet["A4"].value != "Samlet vurdering af klarmelding" or label != "Bemærkninger":
        problems.append(f"{name}: layout moved ({sheet['A4'].value!r}, {label!r})")
    height = sheet.row_dimensions[4].height
    if height is None or height < 30:
        problems.append(f"{name}: the assessment label's row is {height} pt, too low for two lines")
    if not danish.match(remark or ""):
        problems.append(f"{name}: remarks not in Danish: {remark!r}")
    for criterion, reason in reasons.items():
        if criterion.startswith(name + ".") and reason and reason in remark:
            problems.append(f"{name}: remarks carry the English reason of {criterion}")
overview_book = openpyxl.load_workbook(sys.argv[3])
for sheet in overview_book.worksheets:
    setup = sheet.page_setup
    if setup.orientation != "landscape" or not sheet.sheet_properties.pageSetUpPr.fitToPage \
            or pages(setup.fitToWidth) != 1 or pages(setup.fitToHeight) != 0 or sheet.print_title_rows != "$1:$1":
        problems.append(f"overview {sheet.title}: not landscape, fit to width, heading repeated")
for p in problems:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
PY

# The taskforce overview in LibreOffice: landscape A4 pages; with 80 inputs the Input sheet needs more
# than one page, and every one of its pages starts with the heading row.
for pdf in pdf/overblik.pdf pdf/mange.pdf; do
  total=$(pages "$pdf")
  for page in $(seq 1 "$total"); do
    pdfinfo -f "$page" -l "$page" "$pdf" | grep -q "size: *841.* x 595.* (A4)" || { echo "$pdf: page $page is not A4 landscape"; exit 1; }
  done
done
total=$(pages pdf/mange.pdf)
input_pages=0
for page in $(seq 1 "$total"); do
  [ "$(sheet_of_page pdf/mange.pdf "$page")" = "Input" ] || continue
  input_pages=$((input_pages + 1))
  pdftotext -layout -f "$page" -l "$page" pdf/mange.pdf page.txt
  first_line=$(grep -v '^\s*$' page.txt | sed -n 1p)
  [[ "$first_line" =~ ^Fil\ .*SHA-256.*Status ]] || { echo "Input page $page does not start with the heading row"; exit 1; }
done
[ "$input_pages" -ge 2 ] || { echo "the Input sheet of 80 files printed on $input_pages page(s)"; exit 1; }
echo "print_pdf: ok"
