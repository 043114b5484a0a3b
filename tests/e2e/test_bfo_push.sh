#!/usr/bin/env bash
# Beskedfordeler push (SF1461 BeskedFåTilsendt) end to end: `klarmeld-fixture serve` runs the
# conforming vendor's callback and three faulty ones (answers 40; answers 40 to a repeated BeskedId;
# answers 20 to a malformed message) over two-way TLS; the installed `klarmeld check --only SF1460_A`
# POSTs ModtagBeskedInput messages to each and SF1460_A.7 is Ja only for the conforming one, with the
# precise reason otherwise. A callback that does not answer at all is Nej too.
# The Beskedfordeler's own pushes (its core, docs/fixtures.md): the same checks' drain watches send test
# messages; the conforming scenario's push subscription delivers them to its callback (StatusKode 20),
# the shipped push-faults scenario's callback answers 40 (push_failures), a push subscription whose value
# list lacks the test person gets nothing, and a test CPR number outside the dueslag's list is named
# precisely by the drain watch. Read back from bfo-core-<profile>.json after serve stops.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/bfo_setup.sh"

grep -q '^  bfo_callback: {}' "$scenarios/conforming.yaml" || { echo "conforming.yaml has no bfo_callback"; exit 1; }
args=(--scenario "$scenarios/conforming.yaml" --scenario "$scenarios/push-faults.yaml")
for fault in callback_rejects_duplicate callback_accepts_malformed; do
  sed -e "s/^name: conforming$/name: $fault/" -e "s/^  bfo_callback: {}.*$/  bfo_callback: { faults: [$fault] }/" \
    "$scenarios/conforming.yaml" >"$fault.yaml"
  args+=(--scenario "$fault.yaml")
done
serve_scenarios pki "${args[@]}"
grep -q "^ready: 4 scenario" fixture.stdout || { echo "not ready"; cat fixture.stdout fixture.stderr; exit 1; }
grep -q 'callback_url: "https://' pki/profile-conforming.yaml || { echo "no callback_url in the profile"; cat pki/profile-conforming.yaml; exit 1; }

# check NAME PROFILE VERDICT REASON...: SF1460_A.7's verdict and each part of its reason, exit 1.
check() {
  local name=$1 profile=$2 verdict=$3 criterion=${criterion:-SF1460_A.7}
  shift 3
  set +e
  CI=1 timeout 180 "$klarmeld" check --profile "$profile" --only "${criterion%.*}" --retries 0 --out "$name.xlsx" \
    --json "$name.json" -q >"$name.stdout" 2>"$name.stderr"
  local status=$?
  set -e
  local expected=1 # also when Ja: SF1460_A's manual criteria have no evidence in the generated profile
  [ "$status" = "$expected" ] || { echo "$name: exit $status, expected $expected"; cat "$name.stderr"; exit 1; }
  "$PYTHON" - "$name.json" "$criterion" "$verdict" "$@" <<'PY'
import json, sys
path, cid, verdict, parts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
result = json.load(open(path, encoding="utf-8"))
found = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
c = found.get(cid)
assert c, f"no {cid} in the result"
assert c["verdict"].lower() == verdict, f'{path}: {cid} is {c["verdict"]}: {c.get("reason")}'
for part in parts:
    assert part in c["reason"], f"{path}: reason lacks {part!r}: {c['reason']}"
print(f"{path}: {c['verdict']}: {c['reason']}")
PY
}

check conforming pki/profile-conforming.yaml ja "answered StatusKode 20 to ModtagBeskedInput" \
  "and to the same BeskedId again" "refused a malformed message (HTTP 200, StatusKode 41 (Couldn't parse message))"
check status-40 pki/profile-push-faults.yaml nej "did not take a well-formed ModtagBeskedInput" \
  "StatusKode 40 (Besked kan ikke modtages)"
check duplicate pki/profile-callback_rejects_duplicate.yaml nej "delivered again was answered HTTP 200, StatusKode 40" \
  "er allerede modtaget"
check malformed pki/profile-callback_accepts_malformed.yaml nej "answered StatusKode 20 to a malformed ModtagBeskedInput"
# No callback listening where the profile says: nothing takes the message.
sed 's|callback_url: "https://[^/"]*/|callback_url: "https://127.0.0.1:1/|' pki/profile-conforming.yaml >pki/profile-gone.yaml
check gone pki/profile-gone.yaml nej "did not take a well-formed ModtagBeskedInput" "127.0.0.1:1"
# The drain watches of those checks delivered their test messages (value list and all).
for name in conforming status-40; do
  "$PYTHON" - "$name.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
c = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}["SF1460_A.6"]
assert c["verdict"] == "ja" and "seen in dueslag" in c["reason"], (sys.argv[1], c)
PY
done
# A test CPR number outside the list the dueslag's subscription filters by: BFO delivers nothing, and
# the drain watch says why instead of blaming the vendor (a short watch: nothing will come).
grep -q 'vaerdiliste_uuid: "5d0f8c3e-6a51-4c7e-9b1a-2f4e8d7c6b01", test_cpr: "0101901111"' pki/profile-conforming.yaml || {
  echo "the profile names no value list and test CPR for the drain watch"; grep SF1460_D pki/profile-conforming.yaml; exit 1; }
sed 's|test_cpr: "0101901111"|test_cpr: "0909099999", drain_seconds: "2"|' pki/profile-conforming.yaml >pki/profile-outside.yaml
criterion=SF1460_D.6 check outside pki/profile-outside.yaml ikke_testet "never seen in dueslag a9efc97c" \
  "filters by value list 5d0f8c3e-6a51-4c7e-9b1a-2f4e8d7c6b01" "the CPR number in options.test_cpr is not in the list"
if grep -q "0909099999" outside.json; then echo "the test CPR number reached the result"; exit 1; fi

stop_fixture
leftovers || { echo "a broker was left behind"; exit 1; }
# What the simulated Beskedfordeler's core did, written when serve stopped.
"$PYTHON" - pki/bfo-core-conforming.json pki/bfo-core-push-faults.json <<'PY'
import json, sys
good, faults = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
test = [r for r in good if r["status"] == 20 and "a9efc97c-3473-45b5-9519-7fc837b89fa8" in r["delivered_to"]]
assert test, f"conforming: no test message reached the fixture dueslag: {good}"
pushed = [r for r in test if any(t.startswith("https://") for t in r["delivered_to"])]
assert pushed, f"conforming: no test message was pushed to the callback: {test}"
outside = [r for r in good if any("(value list 5d0f8c3e-6a51-4c7e-9b1a-2f4e8d7c6b01)" in t for t in r["not_in_value_list"])]
assert outside and all(not r["delivered_to"] for r in outside), f"conforming: the outside CPR was not filtered: {good}"
failed = [f for r in faults for f in r["push_failures"]]
assert any("StatusKode 40" in f and "(after 3 attempt(s))" in f for f in failed), f"push-faults: {faults}"
kept = [t for r in faults for t in r["not_in_value_list"]]
assert any("(value list 9e2b7a41-0c3d-4f5e-8a6b-7c8d9e0f1a22)" in t for t in kept), f"push-faults: {faults}"
assert all("0101901111" not in json.dumps(r) for r in good + faults), "a CPR number in the evidence"
print(f"core: conforming pushed {len(pushed)}, filtered {len(outside)}; push-faults {len(failed)} failed pushes")
PY
echo "bfo_push: conforming callback Ja; 40, duplicate 40, malformed 20 and no callback Nej; the core's pushes and value lists"
