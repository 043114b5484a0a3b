#!/usr/bin/env bash
# One `check` over several municipalities (issue #19, docs/rollout.md), the real binary against
# `klarmeld-fixture serve` (started once) with the rollout-missing-agreement scenario: Aarhus, Odense
# and Aalborg, where Aalborg has not approved the SF1510 (Klassifikation) agreement. Asserts, read back
# with openpyxl, json, ElementTree, openssl and `klarmeld verify`:
#  - one signed workbook per municipality (its own name and code on the sheet), SF1510 Nej for Aalborg
#    only, with KOMBIT fault 101 as the reason; SF1500's TLS criterion (no token) run once, reported
#    for all; one STS call per (entityID, CVR);
#  - the overview workbook and HTML (municipality x interface, the reason in the Nej cell), signed;
#  - JSON and JUnit carry the municipality; exit code the worst over the municipalities (1);
#  - --kommune picks municipalities by code or name; one outside the profile is a usage error (2).
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"

export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret rollout-test-)"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture rollout-missing-agreement pki # no Beskedfordeler: SF1500 and SF1510 only
profile=pki/profile-rollout-missing-agreement.yaml
mkdir -p all two
sign=(--sign-p12 pki/municipality.p12 --sign-password-env KLARMELD_FIXTURE_P12_PASSWORD --sign-incomplete)
fail() { echo "rollout: $*"; exit 1; }

# The profile's municipalities: list (the fixture writes it from the scenario's organisations).
set +e
CI=1 timeout 120 "$klarmeld" check --profile "$profile" --only SF1500,SF1510 --out all/overview.xlsx \
  --json all/rollout.json --junit all/rollout.junit.xml --attestation all/rollout.intoto.json "${sign[@]}" \
  >all.stdout 2>all.stderr
status=$?
set -e
[ "$status" = 1 ] || { cat all.stdout all.stderr; fail "exit $status, expected 1 (Aalborg not ready)"; }
grep -q "3 kommuner (6 STS-kald)" all.stdout || { cat all.stdout; fail "not one STS call per (entityID, CVR)"; }
# Each municipality's line opens with the verdict its exit code means, as a single check's last line.
grep -q "^  Aalborg (851): IKKE KLARMELDT — 0 af 2 klarmeldt; Nej: SF1510" all.stdout || { cat all.stdout; fail "Aalborg's summary line"; }
# Progress names the municipality of a per-municipality result; the shared TLS criterion names none.
grep -q '^\[[0-9]*/[0-9]*\] Aalborg: SF1510.1 Nej' all.stderr || { cat all.stderr; fail "progress does not name Aalborg"; }
grep -q '^\[[0-9]*/[0-9]*\] SF1500.1 ' all.stderr || { cat all.stderr; fail "the shared TLS result names a municipality"; }
for name in aarhus odense aalborg; do
  workbook=all/klarmelding_eksempel-software-a-s_sagsbehandler-pro_${name}_$(date -u +%F).xlsx
  [ -s "$workbook" ] && [ -s "$workbook.p7s" ] || fail "no signed workbook for $name"
done
[ -s all/overview.xlsx.p7s ] && [ -s all/overview.html.p7s ] || fail "the overview is not signed"
openssl cms -verify -binary -inform DER -in all/overview.html.p7s -content all/overview.html -noverify \
  -out /dev/null 2>/dev/null || fail "the overview HTML's CAdES signature does not verify"
# klarmeld verify checks the HTML by its detached CAdES alone; a changed byte makes it invalid (exit 1).
"$klarmeld" verify --trust pki/root-ca.pem all/overview.html >html-verify.stdout ||
  { cat html-verify.stdout; fail "klarmeld verify does not accept the signed overview HTML"; }
grep -q "^all/overview.html: valid, trusted — detached signature only" html-verify.stdout || { cat html-verify.stdout; fail "HTML verify headline"; }
cp all/overview.html changed.html && cp all/overview.html.p7s changed.html.p7s && echo "<!-- -->" >>changed.html
set +e
"$klarmeld" verify --trust pki/root-ca.pem changed.html >changed.stdout
status=$?
set -e
[ "$status" = 1 ] || { cat changed.stdout; fail "a changed overview HTML verifies (exit $status)"; }
# The taskforce aggregating the vendor's folder: the three workbooks count; the overview beside them is
# listed as a rollout overview, neither counted nor excluded (exit 0).
"$klarmeld" aggregate all --trust pki/root-ca.pem --out taskforce.xlsx >aggregate.stdout ||
  { cat aggregate.stdout; fail "aggregate over the rollout's folder did not exit 0"; }
grep -q "(3 regneark medtaget, 0 udeladt, 1 udrulningsoversigt(er))" aggregate.stdout || { cat aggregate.stdout; fail "aggregate counts"; }
# Every municipality's workbook in one verify, the files after --trust (each --trust takes one file).
"$klarmeld" verify --trust pki/root-ca.pem all/klarmelding_*.xlsx >verify.stdout ||
  { cat verify.stdout; fail "the municipalities' workbooks do not verify"; }
[ "$(grep -c ': valid, trusted — partial run$' verify.stdout)" = 3 ] || { cat verify.stdout; fail "not three verified"; }
# Each workbook signed while the next was written (cli/rollout_outputs.cpp) carries its own attestation.
[ "$(grep -c '^  in-toto attestation (all/klarmelding_.*\.xlsx\.intoto\.json): valid, result ' verify.stdout)" = 3 ] ||
  { cat verify.stdout; fail "not three valid attestations beside the workbooks"; }

"$PYTHON" - <<'PY'
import glob, json, sys, xml.etree.ElementTree as ET
import openpyxl

def fail(message):
    print("rollout:", message)
    sys.exit(1)

def cells(path):
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    return [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]

expected = {"aarhus": ("Aarhus", "751"), "odense": ("Odense", "461"), "aalborg": ("Aalborg", "851")}
for slug, (name, code) in expected.items():
    [path] = glob.glob(f"all/klarmelding_*_{slug}_*.xlsx")
    text = " ".join(cells(path))
    if name not in text or code not in text:
        fail(f"{path} does not name {name} ({code})")
    for other, (other_name, _) in expected.items():
        if other != slug and f"{other_name} ({other_name}" in text:
            fail(f"{path} names {other_name}")

overview = openpyxl.load_workbook("all/overview.xlsx", read_only=True).worksheets[0]
rows = [list(r) for r in overview.iter_rows(values_only=True)]
header = next(r for r in rows if r and r[0] == "Kommune")
sf1510 = next(i for i, v in enumerate(header) if v and str(v).startswith("SF1510"))
by_name = {r[0]: r for r in rows if r and r[0] in ("Aarhus", "Odense", "Aalborg")}
if set(by_name) != {"Aarhus", "Odense", "Aalborg"}:
    fail(f"overview rows {sorted(by_name)}")
if not str(by_name["Aalborg"][sf1510]).startswith("Nej") or "101" not in str(by_name["Aalborg"][sf1510]):
    fail(f"Aalborg's SF1510 cell: {by_name['Aalborg'][sf1510]!r}")
run = header.index("Kørsel")  # --only: every row says the run was partial, as each workbook does
if any(not str(by_name[name][run]).startswith("Delvis kørsel") for name in by_name):
    fail(f"the overview's run column: {[by_name[name][run] for name in by_name]!r}")
for name in ("Aarhus", "Odense"):
    if str(by_name[name][sf1510]).startswith("Nej"):
        fail(f"{name}'s SF1510 cell is Nej: {by_name[name][sf1510]!r}")
html = open("all/overview.html", encoding="utf-8").read()
if "Aalborg (851)" not in html or "no approved service agreement" not in html:
    fail("the HTML overview lacks Aalborg's row or the reason")

data = json.load(open("all/rollout.json"))
municipalities = [a["pilot_municipality"]["name"] for a in data["assessments"]]
if municipalities != ["Aarhus", "Odense", "Aalborg"]:
    fail(f"JSON assessments for {municipalities}")
rows = {r["municipality"]["name"]: r for r in data["overview"]["municipalities"]}
if rows["Aalborg"]["interfaces"]["SF1510"]["klarmeldt"] != "nej" or rows["Odense"]["interfaces"]["SF1510"]["klarmeldt"] == "nej":
    fail("JSON overview verdicts for SF1510")

suites = ET.parse("all/rollout.junit.xml").getroot().findall("testsuite")
named = {s.get("name"): {p.get("name"): p.get("value") for p in s.find("properties")} for s in suites}
cases = [(c.get("classname"), c.get("name")) for s in suites for c in s.findall("testcase")]
if len(set(cases)) != len(cases) or not all(cn.startswith(("Aarhus/", "Odense/", "Aalborg/")) for cn, _ in cases):
    fail("JUnit test cases are not each municipality's own (classname <municipality>/<interface>)")
for name, code in (("Aarhus", "751"), ("Odense", "461"), ("Aalborg", "851")):
    props = named.get(f"{name}/SF1510")
    if not props or props["municipality"] != name or props["municipality_code"] != code:
        fail(f"JUnit suite {name}/SF1510: {props}")
if named["Aalborg/SF1510"]["klarmeldt"] != "nej" or named["Odense/SF1510"]["klarmeldt"] == "nej":
    fail("JUnit verdicts for SF1510")
PY

# TLS (SF1500.1, no token) was probed once and reported for every municipality.
[ "$(grep -c 'SF1500.1 ' all.stderr)" = 1 ] || { cat all.stderr; fail "SF1500.1 did not run exactly once"; }

# --kommune by code and by name: those two only; a municipality the profile gives no CVR for: exit 2.
set +e
CI=1 timeout 60 "$klarmeld" check --profile "$profile" --only SF1510 --kommune 461 --kommune aalborg \
  --out two/overview.xlsx >two.stdout 2>two.stderr
status=$?
set -e
[ "$status" = 1 ] || { cat two.stdout two.stderr; fail "--kommune 461 --kommune aalborg: exit $status"; }
ls two/klarmelding_*_odense_*.xlsx two/klarmelding_*_aalborg_*.xlsx >/dev/null || fail "--kommune: workbooks missing"
[ -z "$(ls two/klarmelding_*_aarhus_* 2>/dev/null)" ] || fail "--kommune checked Aarhus too"
set +e
"$klarmeld" check --profile "$profile" --kommune 101 --out none.xlsx >none.stdout 2>none.stderr
status=$?
set -e
[ "$status" = 2 ] && grep -q "København" none.stderr || { cat none.stderr; fail "--kommune 101: exit $status"; }
[ ! -e none.xlsx ] || fail "a usage error wrote a workbook"
echo "rollout: ok"
