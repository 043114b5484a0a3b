#!/usr/bin/env bash
# A missing service agreement in a rollout (issue #19, docs/rollout.md), the real binary against
# `klarmeld-fixture serve` (started once) with the municipality-set scenario: Aarhus and København
# have every agreement, Odense lacks Ydelsesindeks (SF1490), Aalborg has none. One
# `check --kommune all --only SF1490,CE1510`. Asserts, read back with json and openpyxl:
#  - CE1510.5 asks the STS for each municipality's own CVR: Ja for Aarhus and København, Nej naming
#    SF1490 for Odense and Aalborg (before, it ran once, for the pilot, and said Ja for all);
#  - the overview's SF1490 cell is Nej for Odense and Aalborg with CE1510.5's reason (KOMBIT fault
#    101), although SF1490 has no token criterion of its own; Ja for the other two;
#  - exit 1 (not ready).
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"

export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret agreements-test-)"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture municipality-set pki # no Beskedfordeler: SF1490 and CE1510 only
fail() { echo "rollout_agreements: $*"; exit 1; }
mkdir -p out

set +e
CI=1 timeout 120 "$klarmeld" check --profile pki/profile-municipality-set.yaml --kommune all --only SF1490,CE1510 \
  --out out/overview.xlsx --json out/rollout.json >check.stdout 2>check.stderr
status=$?
set -e
[ "$status" = 1 ] || { cat check.stdout check.stderr; fail "exit $status, expected 1 (agreements missing)"; }

"$PYTHON" - <<'PY'
import json, sys
import openpyxl

def fail(message):
    print("rollout_agreements:", message)
    sys.exit(1)

data = json.load(open("out/rollout.json"))
rows = {r["municipality"]["name"]: r["interfaces"] for r in data["overview"]["municipalities"]}
if sorted(rows) != ["Aalborg", "Aarhus", "København", "Odense"]:
    fail(f"overview rows {sorted(rows)}")

def ce1510_5(name):
    assessment = next(a for a in data["assessments"] if a["pilot_municipality"]["name"] == name)
    interface = next(i for i in assessment["interfaces"] if i["id"] == "CE1510")
    return next(c for c in interface["criteria"] if c["method"] == "probe:sts.agreements")

for name in ("Odense", "Aalborg"):
    criterion = ce1510_5(name)
    if criterion["verdict"] != "nej" or "SF1490 (" not in criterion["reason"]:
        fail(f"{name}'s CE1510.5: {criterion['verdict']} {criterion['reason'][:200]!r}")
    cell = rows[name]["SF1490"]
    if cell["klarmeldt"] != "nej" or not cell["agreement_missing"]:
        fail(f"{name}'s SF1490 cell: {cell}")
    if not cell["reason"].startswith("CE1510.5: no service agreement for SF1490 (") or "101" not in cell["reason"]:
        fail(f"{name}'s SF1490 reason: {cell['reason']!r}")
for name in ("Aarhus", "København"):
    if ce1510_5(name)["verdict"] != "ja":
        fail(f"{name}'s CE1510.5: {ce1510_5(name)['reason'][:200]!r}")
    cell = rows[name]["SF1490"]
    if cell["klarmeldt"] == "nej" or cell["agreement_missing"]:
        fail(f"{name}'s SF1490 cell: {cell}")

sheet = openpyxl.load_workbook("out/overview.xlsx", read_only=True).worksheets[0]
table = [list(r) for r in sheet.iter_rows(values_only=True)]
header = next(r for r in table if r and r[0] == "Kommune")
column = next(i for i, v in enumerate(header) if v and str(v).startswith("SF1490"))
odense = next(r for r in table if r and r[0] == "Odense")
if not str(odense[column]).startswith("Nej — CE1510.5: no service agreement for SF1490"):
    fail(f"the workbook's Odense x SF1490 cell: {odense[column]!r}")
PY
echo "rollout_agreements: ok"
