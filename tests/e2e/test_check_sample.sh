#!/usr/bin/env bash
# The installed binary, run from an unrelated directory, on the sample profile: finds the installed
# catalog, writes the workbook/JUnit/JSON with the manual verdicts; an independent reader checks them
# all. Its automated criteria cannot run without a system certificate: exit 3 (could not run), and it
# says why.
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
if [ "$status" -ne 3 ]; then
  echo "expected exit 3 (could not run), got $status"; cat stderr.txt; exit 1
fi
grep -q "could not run: system certificate" stdout.txt stderr.txt || { echo "no reason given"; exit 1; }
workbook=$(ls klarmelding_eksempel-software-a-s_omsorg-aeroe_aarhus_*.xlsx)
"$PYTHON" "$KLARMELD_SOURCE/tests/e2e/verify_workbook.py" --xlsx "$workbook" \
  --catalog "$KLARMELD_PREFIX/share/klarmeld/criteria" --expect "$KLARMELD_SOURCE/tests/e2e/sample.expect.yaml" \
  --junit junit.xml --json result.json
grep -q "IKKE KLARMELDT: 0 af 3" stdout.txt || { echo "summary line missing"; exit 1; }

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
