#!/usr/bin/env bash
# The installed binary, run from an unrelated directory, on the sample profile: finds the installed
# catalog, writes the workbook/JUnit/JSON, exits 1 (not ready); an independent reader checks them all.
set -euo pipefail
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
unset KLARMELD_CRITERIA

set +e
CI=1 "$klarmeld" check --profile "$KLARMELD_SOURCE/tests/data/profiles/sample.yaml" --junit junit.xml --json result.json \
  >stdout.txt 2>stderr.txt
status=$?
set -e
cat stdout.txt
if [ "$status" -ne 1 ]; then
  echo "expected exit 1 (not ready), got $status"; cat stderr.txt; exit 1
fi
workbook=$(ls klarmelding_eksempel-software-a-s_omsorg-aeroe_aarhus_*.xlsx)
"$PYTHON" "$KLARMELD_SOURCE/tests/e2e/verify_workbook.py" --xlsx "$workbook" \
  --catalog "$KLARMELD_PREFIX/share/klarmeld/criteria" --expect "$KLARMELD_SOURCE/tests/e2e/sample.expect.yaml" \
  --junit junit.xml --json result.json
grep -q "IKKE KLARMELDT: 1 af 3" stdout.txt || { echo "summary line missing"; exit 1; }

# With a probe criterion in use but no system certificate named, the run cannot prove anything
# automated: exit 3 (could not run), and it says why.
sed 's/  SF1490: ikke_relevant/  SF1490: anvendes/' "$KLARMELD_SOURCE/tests/data/profiles/sample.yaml" > with-probe.yaml
cp -r "$KLARMELD_SOURCE/tests/data/profiles/evidence" .
set +e
CI=1 "$klarmeld" check --profile with-probe.yaml --out with-probe.xlsx -q >probe-out.txt 2>&1
status=$?
set -e
[ "$status" -eq 3 ] || { echo "expected exit 3 without credentials, got $status"; cat probe-out.txt; exit 1; }
grep -q "could not run: system certificate" probe-out.txt || { echo "no reason given"; cat probe-out.txt; exit 1; }
[ -s with-probe.xlsx ] || { echo "the spreadsheet must still be written"; exit 1; }

# English variant: same structure, English verdict words.
CI=1 "$klarmeld" check --profile "$KLARMELD_SOURCE/tests/data/profiles/sample.yaml" --lang en --out en.xlsx -q \
  >/dev/null 2>&1 || true
"$PYTHON" - en.xlsx <<'PY'
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
words = {c.value for ws in book.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
assert "Yes" in words and "No" in words, "English verdict words missing"
print("english workbook ok:", book.sheetnames[:3])
PY

# An input error names file:line:col, exits 2 and writes nothing.
mkdir -p bad && cd bad
"$klarmeld" profile init --vendor "Fejl A/S" --system "X" --kommune "Læsø" --out fresh.yaml >/dev/null
sed 's/"00000000"/"00000001"/' fresh.yaml > broken.yaml   # modulus-11 check fails
set +e
"$klarmeld" check --profile broken.yaml >out.txt 2>err.txt
status=$?
set -e
[ "$status" -eq 2 ] || { echo "expected exit 2 for a bad CVR, got $status"; cat err.txt; exit 1; }
grep -q "broken.yaml:[0-9]*:[0-9]*: .*00000001" err.txt || { echo "no file:line in the message:"; cat err.txt; exit 1; }
[ -z "$(ls ./*.xlsx 2>/dev/null)" ] || { echo "an input error must not write a workbook"; exit 1; }
echo "check_sample: ok"
