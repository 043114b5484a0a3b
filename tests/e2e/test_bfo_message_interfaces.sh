#!/usr/bin/env bash
# The Beskedfordeler's message interfaces (SF0741, SF0810, SF1320_A, SF1411_D, SF1411_E, SF1460_D) end
# to end: one `klarmeld-fixture serve` runs the conforming vendor and the half-ready one, each with its
# simulated Beskedfordeler (a real RabbitMQ behind the authenticating front). The installed `klarmeld
# check --only …` runs both side by side: each interface logs in with a bfo_modtag/2 token, finds the
# interface's dueslag, sends a test message of the interface's Beskedtype and must see it arrive in the
# dueslag and be taken. The half-ready vendor never consumes, and its SF0741 dueslag has no
# subscription at all: StandardRetur 20 there delivers nowhere, which the drain watch's guard names.
# The same runs list the vendor's value list over SOAP 1.1 (SF1460_B.5): the conforming vendor's holds
# its values, the half-ready one's is empty, and the values (CPR numbers) never reach the result. The
# value-list service's other faults run in the unit test fixtures::bfo_vaerdiliste, without a broker.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/bfo_setup.sh"

serve_scenarios pki --scenario "$scenarios/conforming.yaml" --scenario "$scenarios/half-ready.yaml"
grep -q "^ready: 2 scenario" fixture.stdout || { echo "not ready"; cat fixture.stdout fixture.stderr; exit 1; }
for vendor in conforming half-ready; do
  grep -q '^  SF0741: anvendes' "pki/profile-$vendor.yaml" || { echo "$vendor: SF0741 not anvendes"; exit 1; }
done
grep -q '^  bfo_vaerdiliste: {}' "$scenarios/conforming.yaml" || { echo "conforming.yaml has no bfo_vaerdiliste"; exit 1; }

only=SF0741,SF0810,SF1320_A,SF1411_D,SF1411_E,SF1460_D,SF1460_B
# Both checks wait on the brokers (the drain watch), not on the CPU: side by side. Exit 1: Nej, or
# manual criteria without evidence.
pids=()
for vendor in conforming half-ready; do
  CI=1 timeout 180 "$klarmeld" check --profile "pki/profile-$vendor.yaml" --only "$only" --retries 0 \
    --out "$vendor.xlsx" --json "$vendor.json" -q >"$vendor.stdout" 2>"$vendor.stderr" &
  pids+=($!)
done
for i in 0 1; do
  set +e
  wait "${pids[$i]}"
  status=$?
  set -e
  [ "$status" = 1 ] || { echo "check $i: exit $status, expected 1"; cat conforming.stderr half-ready.stderr; exit 1; }
done

"$PYTHON" - <<'PY'
import json
def criteria(name):
    result = json.load(open(name + ".json", encoding="utf-8"))
    return {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
def expect(found, name, cid, verdict, *parts):
    c = found.get(cid)
    assert c, f"{name}: no {cid} in the result"
    assert c["verdict"].lower() == verdict, f'{name}: {cid} is {c["verdict"]}: {c.get("reason")}'
    for part in parts:
        assert part in c["reason"], f"{name}: {cid}'s reason lacks {part!r}: {c['reason']}"
    print(f"{name}: {cid} {c['verdict']}: {c['reason']}")

# Interface → (receive criterion, drain criterion, the simulated vendor's dueslag for it).
interfaces = {
    "SF0741": ("SF0741.5", "SF0741.6", "a6e9fb09-76d4-418b-8f04-3ae6b7051879"),
    "SF0810": ("SF0810.4", "SF0810.5", "42cd3df6-7ccb-4910-9c16-203d8036cad0"),
    "SF1320_A": ("SF1320_A.6", "SF1320_A.7", "7bb1a298-856b-48b0-934e-7df34c64aee9"),
    "SF1411_D": ("SF1411_D.5", "SF1411_D.6", "a973bbae-6de9-4e03-8008-b2058d814810"),
    "SF1411_E": ("SF1411_E.5", "SF1411_E.6", "ae7fae3a-52a6-42fa-8d04-e2cc4a2edf49"),
    "SF1460_D": ("SF1460_D.5", "SF1460_D.6", "a9efc97c-3473-45b5-9519-7fc837b89fa8"),
}
good, half = criteria("conforming"), criteria("half-ready")
for interface, (receive, drain, dueslag) in interfaces.items():
    expect(good, "conforming", receive, "ja", "SASL EXTERNAL", "bfo_modtag/2", dueslag)
    expect(good, "conforming", drain, "ja", "accepted (StandardRetur 20) and seen in dueslag " + dueslag,
           "to 0 messages", "1 consumer(s)")
    expect(half, "half-ready", receive, "ja", dueslag)
# The half-ready vendor: SF0741 has no subscription (the guard), the others pile up without a consumer.
expect(half, "half-ready", "SF0741.6", "nej",
       "no subscription delivered the test message to dueslag a6e9fb09-76d4-418b-8f04-3ae6b7051879",
       "has no consumer")
for drain in ("SF0810.5", "SF1320_A.7", "SF1411_D.6", "SF1411_E.6"):
    expect(half, "half-ready", drain, "nej", "holds 1 messages and grew during 10 s; no consumer")
expect(half, "half-ready", "SF1460_D.6", "nej", "holds 40 messages and grew during 10 s; no consumer")
# Value lists (SF1460_B.5).
expect(good, "conforming", "SF1460_B.5", "ja", '("Sagsbehandler Pro aktive sager") listed with StandardRetur 20',
       "holds 3 value(s)")
expect(half, "half-ready", "SF1460_B.5", "nej", "holds no values", "receives no messages")
PY
if grep -q "0101901111" conforming.json conforming.xlsx; then echo "a value-list value reached the output"; exit 1; fi

stop_fixture
leftovers || { echo "a broker was left behind"; exit 1; }
echo "bfo_message_interfaces: six message interfaces and the value list Ja when conforming; no subscription, no consumer, empty list Nej"
