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

leftovers() {
  local found=0
  for environ in /proc/[0-9]*/environ; do
    if tr '\0' '\n' 2>/dev/null <"$environ" | grep -q "^RABBITMQ_MNESIA_BASE=$TMPDIR/"; then
      pid=${environ#/proc/}; pid=${pid%/environ}
      state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
      [ "$state" = "Z" ] || [ "$state" = "gone" ] || { echo "left running: $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-120)"; found=1; }
    fi
  done
  ls -d "$TMPDIR"/klarmeld-rabbitmq-* 2>/dev/null && found=1
  return $found
}

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
assert "holds 0 messages, 0 consumers" in c["reason"], c["reason"]
print("SF1460_A.5:", c["reason"])
PY
leftovers || { echo "the demo left its broker behind"; exit 1; }

# klarmeld-fixture serve: the Beskedfordeler is listed, the profile points at it, SIGTERM stops it.
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture conforming pki
for _ in $(seq 1 60); do grep -q "^ready:" fixture.stdout && break; sleep 0.5; done
grep -q "SF1460_A (Beskedfordeler, AMQPS)  amqps://localhost:" fixture.stdout || {
  echo "serve did not list the Beskedfordeler"; cat fixture.stdout fixture.stderr; exit 1; }
grep -q 'SF1460_A: { url: "amqps://localhost:' pki/profile-conforming.yaml || {
  echo "the profile has no SF1460_A endpoint"; cat pki/profile-conforming.yaml; exit 1; }
stop_fixture
leftovers || { echo "klarmeld-fixture serve left its broker behind"; exit 1; }
echo "beskedfordeler: demo Ja through the front; nothing left running"
