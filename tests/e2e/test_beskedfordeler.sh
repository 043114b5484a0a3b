#!/usr/bin/env bash
# The simulated Beskedfordeler end to end: `klarmeld demo` and `klarmeld-fixture serve` start a private
# rabbitmq-server behind the authenticating AMQPS front; the conforming vendor's receive login
# (SASL EXTERNAL with its bfo_modtag/2 token) and dueslag are Ja; when they end, no broker, helper
# or epmd of theirs is left running and their broker folders are gone.
set -euo pipefail
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
fixture="$KLARMELD_PREFIX/bin/klarmeld-fixture"
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work/tmp" && cd "$work"
unset KLARMELD_CRITERIA
# The broker's folder (and so every path its processes carry) lives under this TMPDIR.
export TMPDIR="$work/tmp"

source "$KLARMELD_SOURCE/tests/e2e/broker_leftovers.sh"

timeout 300 "$klarmeld" demo --out-dir out --scenario "$KLARMELD_PREFIX/share/klarmeld/scenarios/conforming.yaml" \
  >demo.stdout 2>demo.stderr || { echo "demo failed"; tail -30 demo.stderr; exit 1; }
if grep -q "simulated Beskedfordeler not started" demo.stderr; then
  echo "the simulated Beskedfordeler did not start:"; grep "Beskedfordeler" demo.stderr; exit 1
fi
"$PYTHON" - out/conforming/result.json <<'PY'
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
found = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
c = found.get("SF1460_A.5")
assert c, "no SF1460_A.5 in the result"
assert c["verdict"] in ("ja", "Ja"), f'SF1460_A.5 is {c["verdict"]}: {c.get("reason")}'
assert "SASL EXTERNAL" in c["reason"] and "bfo_modtag/2" in c["reason"], c["reason"]
# The conforming vendor's simulated consumer drains its dueslag.
assert "messages, 1 consumers" in c["reason"], c["reason"]  # the drain watches run alongside
print("SF1460_A.5:", c["reason"])
for cid, words in {"SF1460_A.6": ["accepted (StandardRetur 20)", "to 0 messages", "1 consumer(s)"],
                   "SF1460_C.5": ["AFSEND_BESKED_EXCHANGE", "bfo_afsend/2", "StandardRetur 20 after", "publish confirmed"],
                   "SF1460_C.6": ["Haendelsesbesked {urn:oio:besked:kuvert:1.0}", "Dannelsestidspunkt"]}.items():
    c = found.get(cid)
    assert c, f"no {cid} in the result"
    assert c["verdict"] in ("ja", "Ja"), f'{cid} is {c["verdict"]}: {c.get("reason")}'
    for word in words:
        assert word in c["reason"], (cid, word, c["reason"])
    print(f"{cid}:", c["reason"])
PY
leftovers || { echo "the demo left its broker behind"; exit 1; }

# klarmeld-fixture serve: the Beskedfordeler is listed, the profile points at it, SIGTERM stops it.
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture conforming pki with-beskedfordeler
for _ in $(seq 1 300); do grep -q "^ready:" fixture.stdout && break; sleep 0.1; done
grep -q "SF1460_A (Beskedfordeler, AMQPS)  amqps://localhost:" fixture.stdout || {
  echo "serve did not list the Beskedfordeler"; cat fixture.stdout fixture.stderr; exit 1; }
grep -q 'SF1460_A: { url: "amqps://localhost:' pki/profile-conforming.yaml || {
  echo "the profile has no SF1460_A endpoint"; cat pki/profile-conforming.yaml; exit 1; }
stop_fixture
leftovers || { echo "klarmeld-fixture serve left its broker behind"; exit 1; }
echo "beskedfordeler: demo Ja through the front; nothing left running"
