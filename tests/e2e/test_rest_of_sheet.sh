#!/usr/bin/env bash
# The rest of the sheet (issue #18), the real binary against `klarmeld-fixture serve`, read back with
# json and openpyxl:
#  - CE1510.5, the service agreements of every interface declared "anvendes": conforming Ja, naming
#    every service in use, with one STS token call per entityID in the whole run (the criterion reuses
#    the tokens other probes fetched); missing-agreement (no Ydelsesindeks agreement) Nej naming SF1490
#    and no other interface; the overview says Nej for CE1510;
#  - SF1606 PostModtag: conforming — a MeMo test message accepted, a malformed one refused, a sender
#    without a client certificate refused, TLS baseline; half-ready accepts the malformed message (Nej);
#    postmodtag-faults refuses the valid one and takes the certificate-less sender (both Nej);
#  - SF1411_A, SF1411_B, SF1590_B token criteria: Ja where the simulated administration module has the
#    agreement, Nej with KOMBIT fault 101 where half-ready lacks SF1590_B's.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"
export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret sheet-test-)"
fail() { echo "rest_of_sheet: $*"; exit 1; }

# The conforming vendor with its simulated Beskedfordeler (CE1510.5 names SF1460_A and SF1460_C); the
# other three without one (none of their findings is about it; a broker boots for seconds of CPU).
serve() { # serve PKI_DIR [--no-beskedfordeler] SCENARIO…: in the background, until the test ends
  local pki=$1 bfo=() args=() scenario
  shift
  if [ "$1" = --no-beskedfordeler ]; then bfo=(--no-beskedfordeler); shift; fi
  for scenario in "$@"; do args+=(--scenario "$KLARMELD_PREFIX/share/klarmeld/scenarios/$scenario.yaml"); done
  "$fixture" serve "${args[@]}" "${bfo[@]}" --pki-out "$pki" >"$pki.stdout" 2>"$pki.stderr" &
  fixture_pids+=($!)
}
fixture_pids=()
trap 'kill "${fixture_pids[@]}" 2>/dev/null || true; wait "${fixture_pids[@]}" 2>/dev/null || true' EXIT
serve pki conforming
serve pki-other --no-beskedfordeler missing-agreement half-ready postmodtag-faults
for pki in pki pki-other; do
  for _ in $(seq 1 2400); do
    grep -q "^ready: " "$pki.stdout" && break
    kill -0 "${fixture_pids[@]}" 2>/dev/null || { cat pki.stderr pki-other.stderr; fail "klarmeld-fixture ended early"; }
    sleep 0.1
  done
done
declare -A pki_of=([conforming]=pki [missing-agreement]=pki-other [half-ready]=pki-other [postmodtag-faults]=pki-other)
for scenario in "${!pki_of[@]}"; do
  [ -s "${pki_of[$scenario]}/profile-$scenario.yaml" ] || fail "klarmeld-fixture wrote no profile for $scenario"
done

run() { # run SCENARIO EXPECTED_EXIT [options…]
  local scenario=$1 expected=$2
  shift 2
  set +e
  CI=1 timeout 120 "$klarmeld" check --profile "${pki_of[$scenario]}/profile-$scenario.yaml" --out "$scenario.xlsx" \
    --json "$scenario.json" "$@" >"$scenario.stdout" 2>"$scenario.stderr"
  local status=$?
  set -e
  [ "$status" -eq "$expected" ] || { cat "$scenario.stderr"; fail "$scenario: exit $status, expected $expected"; }
}
# conforming: every automated criterion Ja, manual evidence missing (5); the others have a Nej (1).
run conforming 5 --evidence evidence-conforming
run missing-agreement 1
run half-ready 1
run postmodtag-faults 1 --only SF1606

"$PYTHON" - <<'PY'
import json, os, re, sys
import openpyxl
sys.path.insert(0, os.environ["KLARMELD_SOURCE"] + "/tests/e2e")
from result_expect import Expectations

def overview(name, interface_id):
    rows = list(openpyxl.load_workbook(f"{name}.xlsx")["Oversigt"].iter_rows(values_only=True))
    return next((row[3] for row in rows if row[0] == interface_id), None)

checks = Expectations()
problems = checks.problems
expect = checks.expect

# CE1510.5
ok = expect("conforming", "CE1510.5", "ja", "SF1460_A", "SF1470", "SF1490", "SF1500", "SF1510", "SF1601",
            "SF1411_A", "SF1411_B", "SF1590_B", "SF1460_C")
if "saml.sagsbehandlerpro" in ok:
    problems.append("the vendor's own SAML/WSP entityIDs are not services it has agreements for")
tokens = [f for f in os.listdir("evidence-conforming") if re.match(r"sts-\d+-token-", f)]
entities = {re.sub(r"^sts-\d+-token-", "", f) for f in tokens}
if len(tokens) != len(entities) or len(entities) != 11:
    problems.append(f"STS token calls: {sorted(tokens)} (expected one for each of 11 entityIDs)")
bad = expect("missing-agreement", "CE1510.5", "nej", "SF1490", "ydelseindeks/6", "101")
named = set(re.findall(r"\b((?:SF|CE)\d{4}(?:_[A-Z])?)\b", bad))
if named != {"SF1490"}:
    problems.append(f"missing-agreement CE1510.5 names {sorted(named)}, expected only SF1490")
if overview("missing-agreement", "CE1510") != "Nej":
    problems.append(f"missing-agreement overview CE1510 = {overview('missing-agreement', 'CE1510')}")

# SF1606
expect("conforming", "SF1606.5", "ja", "accepted")
expect("conforming", "SF1606.6", "ja", "refused", "HTTP 400")
expect("conforming", "SF1606.7", "ja", "refused")
expect("conforming", "SF1606.8", "ja")
expect("half-ready", "SF1606.6", "nej", "accepted", "HTTP 200")
expect("half-ready", "SF1606.5", "ja")
expect("postmodtag-faults", "SF1606.5", "nej", "not accepted", "HTTP 400")
expect("postmodtag-faults", "SF1606.7", "nej", "without a certificate got past TLS", "HTTP 400")

# Serviceplatformen services: the token proves the agreement.
for cid in ("SF1411_A.5", "SF1411_B.4", "SF1590_B.5"):
    expect("conforming", cid, "ja", "holder-of-key token")
expect("conforming", "SF1590_B.5", "ja", "debitorindbetalingafsend/1")
expect("half-ready", "SF1590_B.5", "nej", "101")
expect("half-ready", "SF1411_A.5", "ja")
expect("half-ready", "CE1510.5", "nej", "SF1590_B")

checks.finish()
PY
echo "rest_of_sheet: ok"
