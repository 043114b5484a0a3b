#!/usr/bin/env bash
# Beskedfordeler value lists and message interfaces end to end: one `klarmeld-fixture serve` runs the
# conforming vendor and the half-ready one, each with its simulated Beskedfordeler (a real RabbitMQ behind the authenticating front). The installed
# `klarmeld check --only …` lists the vendor's value list over SOAP 1.1 (SF1460_B.5) and, for each
# message interface, logs in for bfo_modtag/2 and watches the interface's Beskedtype drain from the
# vendor's dueslag. Verdicts and reasons are read back from the JSON result.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"
mkdir -p tmp
export TMPDIR="$work/tmp" # the brokers' folders live here (checked for leftovers at the end)
scenarios="$KLARMELD_PREFIX/share/klarmeld/scenarios"
source "$KLARMELD_SOURCE/tests/e2e/broker_leftovers.sh"

source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"

grep -q '^  bfo_vaerdiliste: {}' "$scenarios/conforming.yaml" || { echo "conforming.yaml has no bfo_vaerdiliste"; exit 1; }
# Two scenarios only: each starts a broker. The value-list service's other faults (SOAP fault,
# values that are no CPR numbers) run in the unit test fixtures::bfo_vaerdiliste, without a broker.
serve_scenarios pki --scenario "$scenarios/conforming.yaml" --scenario "$scenarios/half-ready.yaml"
grep -q "^ready: 2 scenario" fixture.stdout || { echo "not ready"; cat fixture.stdout fixture.stderr; exit 1; }

# run NAME PROFILE ONLY: `klarmeld check --only ONLY`, exit 1 (Nej or manual criteria without evidence).
run() {
  local name=$1 profile=$2 only=$3
  set +e
  CI=1 timeout 180 "$klarmeld" check --profile "$profile" --only "$only" --retries 0 --out "$name.xlsx" \
    --json "$name.json" -q >"$name.stdout" 2>"$name.stderr"
  local status=$?
  set -e
  [ "$status" = 1 ] || { echo "$name: exit $status, expected 1"; cat "$name.stderr"; exit 1; }
}

# expect NAME CRITERION VERDICT REASON...: the criterion's verdict and each part of its reason.
expect() {
  "$PYTHON" - "$@" <<'PY'
import json, sys
name, criterion, verdict, parts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
result = json.load(open(name + ".json", encoding="utf-8"))
found = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
c = found.get(criterion)
assert c, f"{name}: no {criterion} in the result"
assert c["verdict"].lower() == verdict, f'{name}: {criterion} is {c["verdict"]}: {c.get("reason")}'
for part in parts:
    assert part in c["reason"], f"{name}: {criterion}'s reason lacks {part!r}: {c['reason']}"
print(f"{name}: {criterion} {c['verdict']}: {c['reason']}")
PY
}

# Value lists (SF1460_B.5): the conforming vendor's list holds its values; the half-ready one's is
# empty. The values (CPR numbers) never reach the result.
run vl-conforming pki/profile-conforming.yaml SF1460_B
expect vl-conforming SF1460_B.5 ja '("Sagsbehandler Pro aktive sager") listed with StandardRetur 20' "holds 3 value(s)"
if grep -q "0101901111" vl-conforming.json vl-conforming.xlsx; then echo "a value-list value reached the output"; exit 1; fi
run vl-half pki/profile-half-ready.yaml SF1460_B
expect vl-half SF1460_B.5 nej "holds no values" "receives no messages"

stop_fixture
leftovers || { echo "a broker was left behind"; exit 1; }
echo "bfo_messages: value list Ja when listed with values; empty list Nej"
