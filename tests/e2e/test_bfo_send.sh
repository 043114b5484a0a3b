#!/usr/bin/env bash
# The Beskedfordeler's sending side and the receive drain watch against the simulated BFO (a real
# rabbitmq-server behind the authenticating front, the BFO core, the simulated vendor consumer): one
# `klarmeld-fixture serve` with three scenarios (their brokers boot in parallel) and the installed
# `klarmeld check --only SF1460_A,SF1460_C` on each, run side by side. The half-ready vendor never
# consumes (its dueslag grows) and builds a wrong envelope; a BFO that answers StandardRetur 41 or
# answers late makes the send probe Nej with the reason. Nothing is left running afterwards.
# (`klarmeld demo` with the Beskedfordeler: e2e.beskedfordeler and e2e.demo.)
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
source "$KLARMELD_SOURCE/tests/e2e/broker_leftovers.sh"
scenarios="$KLARMELD_PREFIX/share/klarmeld/scenarios"
export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret bfo-send-)"

# A BFO that answers every publish with StandardRetur 41 (token expired).
sed 's/^name: conforming$/name: bfo-reply-41/' "$scenarios/conforming.yaml" >bfo-reply-41.yaml
echo "  faults: [reply_41]" >>bfo-reply-41.yaml
# A BFO that answers after 12 s, beyond the sender's 10 s (BFO-510's reply timeout).
sed 's/^name: conforming$/name: bfo-slow-reply/' "$scenarios/conforming.yaml" >bfo-slow-reply.yaml
printf '  faults: [slow_reply]\n  reply_delay_ms: 12000\n' >>bfo-slow-reply.yaml

source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
serve_scenarios pki --scenario "$scenarios/half-ready.yaml" --scenario bfo-reply-41.yaml --scenario bfo-slow-reply.yaml
[ "$(grep -c "SF1460_A (Beskedfordeler, AMQPS)  amqps://localhost:" fixture.stdout)" -eq 3 ] || {
  echo "the simulated Beskedfordeler did not start for every scenario"; cat fixture.stdout fixture.stderr; exit 1; }

# The three checks wait on the BFO (the drain watch, a late reply), not on the CPU: side by side.
pids=()
for name in half-ready bfo-reply-41 bfo-slow-reply; do
  CI=1 timeout 180 "$klarmeld" check --profile "pki/profile-$name.yaml" --only SF1460_A,SF1460_C --retries 0 \
    --out "$name.xlsx" --json "$name.json" -q >"$name.stdout" 2>"$name.stderr" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

# expect NAME ID=VERDICT:FRAGMENT[|FRAGMENT…] …: criterion verdicts and reason fragments in NAME.json.
expect() {
  local name=$1; shift
  "$PYTHON" - "$name.json" "$@" <<'PY' || { echo "$name:"; tail -20 "$name.stderr"; exit 1; }
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
found = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
for spec in sys.argv[2:]:
    cid, rest = spec.split("=", 1)
    verdict, fragments = rest.split(":", 1)
    c = found.get(cid)
    assert c, f"no {cid} in the result"
    assert c["verdict"] == verdict, f'{cid} is {c["verdict"]}, not {verdict}: {c.get("reason")}'
    for fragment in fragments.split("|"):
        assert fragment in c["reason"], (cid, fragment, c["reason"])
    print(f"{cid} {verdict}: {c['reason']}")
PY
}

# The half-ready vendor: 39 messages wait in its dueslag and nobody takes them; the drain watch's test
# message makes 40. Its sample message has Beskeddata inside the Beskedkuvert.
expect half-ready \
  "SF1460_A.6=nej:holds 40 messages and grew during 10 s; no consumer" \
  "SF1460_C.5=ja:StandardRetur 20 after|publish confirmed" \
  "SF1460_C.6=nej:unexpected element Beskeddata {urn:oio:besked:kuvert:1.0} in Beskedkuvert"
expect bfo-reply-41 \
  "SF1460_C.5=nej:StandardRetur 41 (token expired: renew it and send again): token expired" \
  "SF1460_A.6=ikke_testet:did not accept the test message|StandardRetur 41" \
  "SF1460_A.5=ja:holds 0 messages, 1 consumers"
expect bfo-slow-reply \
  "SF1460_C.5=nej:no StandardRetur on amq.rabbitmq.reply-to within 10 s (the publish was confirmed)" \
  "SF1460_C.6=ja:Haendelsesbesked"
stop_fixture
leftovers || { echo "klarmeld-fixture serve left a broker behind"; exit 1; }
echo "bfo_send: half-ready, reply 41 and slow reply judged; nothing left running"
