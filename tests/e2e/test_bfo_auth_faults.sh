#!/usr/bin/env bash
# The simulated Beskedfordeler's authentication faults end to end: for each scenario fault
# (bfo_faults) `klarmeld-fixture serve` starts a private rabbitmq-server behind the authenticating
# front, the installed `klarmeld check --only SF1460_A` logs in with the token the simulated STS
# issued, and the front refuses it as BFO refuses a login (403 ACCESS_REFUSED, or 541 when its broker
# is gone). The criterion's verdict and reason, the front's login evidence (bfo-logins-*.json) and
# that nothing of the broker is left running are checked. A raw AMQP client offering PLAIN instead of
# EXTERNAL is refused too.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/bfo_setup.sh"

# scenario NAME FAULT: the conforming scenario with `bfo_faults: [FAULT]`, as NAME.yaml.
scenario() {
  local name=$1 fault=$2
  sed "s/^name: conforming$/name: $name/" "$scenarios/conforming.yaml" >"$name.yaml"
  # The vendor's old v1 configuration: the STS issues the token (an agreement covers the v1 entityID).
  sed -i 's|^\(    - { system: "Sagsbehandler Pro", service: \)"http://entityid.kombit.dk/service/bfo_modtag/2"\(.*\)$|&\n\1"http://beskedfordeler.eksterntest-stoettesystemerne.dk/service/afhent/1"\2|' "$name.yaml"
  echo "bfo_faults: [$fault]" >>"$name.yaml"
}

# serve NAME…: one klarmeld-fixture serving every scenario, each with its own broker, into pki/.
serve() {
  local args=() name
  for name in "$@"; do args+=(--scenario "$name.yaml"); done
  serve_scenarios pki "${args[@]}"
  [ "$(grep -c "SF1460_A (Beskedfordeler, AMQPS)  amqps://localhost:" fixture.stdout)" -eq $# ] || {
    echo "not every Beskedfordeler started"; cat fixture.stdout fixture.stderr; exit 1; }
}

# check NAME EXPECTED_EXIT VERDICT REASON...: one run of SF1460_A; the verdict and each reason part.
check() {
  local name=$1 expected_exit=$2 verdict=$3
  shift 3
  set +e
  CI=1 timeout 180 "$klarmeld" check --profile "pki/profile-$name.yaml" --only SF1460_A --retries 0 \
    --out "$name.xlsx" --json "$name.json" -q >"$name.stdout" 2>"$name.stderr"
  local status=$?
  set -e
  [ "$status" = "$expected_exit" ] || { echo "$name: exit $status, expected $expected_exit"; cat "$name.stderr"; exit 1; }
  "$PYTHON" - "$name.json" "$verdict" "$@" <<'PY'
import json, sys
path, verdict, parts = sys.argv[1], sys.argv[2], sys.argv[3:]
result = json.load(open(path, encoding="utf-8"))
found = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
c = found.get("SF1460_A.5")
assert c, "no SF1460_A.5 in the result"
assert c["verdict"].lower() == verdict.lower(), f'{path}: SF1460_A.5 is {c["verdict"]}: {c.get("reason")}'
for part in parts:
    assert part in c["reason"], f"{path}: reason lacks {part!r}: {c['reason']}"
assert "<saml" not in json.dumps(result), "the token reached the result"
print(f"{path}: {c['verdict']}: {c['reason']}")
PY
}

# logins NAME REASON: after the fixture stopped, its evidence says how each client logged in: the
# last (klarmeld's EXTERNAL) refused with REASON; a PLAIN attempt before it refused too.
logins() {
  "$PYTHON" - "pki/bfo-logins-$1.json" "$2" <<'PY'
import json, sys
path, reason = sys.argv[1], sys.argv[2]
logins = json.load(open(path, encoding="utf-8"))
assert logins, f"{path}: no login recorded"
last = logins[-1]
assert not last["accepted"] and last["mechanism"] == "EXTERNAL", f"{path}: {last}"
assert reason in last["reason"], f"{path}: reason lacks {reason!r}: {last}"
assert last["tls_version"].startswith("TLSv1."), last
assert last["response_bytes"] > 4096, last  # the holder-of-key assertion, counted, never kept
# SF1460_A's probes may log in more than once (receive, the drain watch, push): the raw client's
# PLAIN logins are refused for their mechanism; klarmeld's EXTERNAL ones are checked on the last.
for login in logins[:-1]:
    if login["mechanism"] == "PLAIN":
        assert not login["accepted"] and "mechanism 'PLAIN' refused" in login["reason"], login
    else:
        assert login["mechanism"] == "EXTERNAL", login
assert "<saml" not in open(path, encoding="utf-8").read(), "the token reached the evidence"
PY
}

# No EXTERNAL: a client that offers PLAIN with a user and password (as to a stock RabbitMQ) is
# refused whatever the scenario; a raw AMQP 0-9-1 client, independent of klarmeld's rabbitmq-c.
plain_client() { # plain_client NAME: against scenario NAME's front
  local port
  port=$(awk -v name="$1" '$1 == "scenario" { current = $2 } current == name && /SF1460_A \(Beskedfordeler, AMQPS\)/ {
    sub(/.*amqps:\/\/localhost:/, ""); print; exit }' fixture.stdout)
  "$PYTHON" - pki/ca.pem "$port" <<'PY'
import socket, ssl, struct, sys
ca, port = sys.argv[1], int(sys.argv[2])
context = ssl.create_default_context(cafile=ca)
with socket.create_connection(("localhost", port), timeout=20) as raw, context.wrap_socket(raw, server_hostname="localhost") as tls:
    def read(n):
        data = b""
        while len(data) < n:
            chunk = tls.recv(n - len(data))
            assert chunk, "connection closed early"
            data += chunk
        return data
    def frame():  # AMQP 0-9-1 §4.2.3: type, channel, size, payload, frame-end 0xCE
        kind, channel, size = struct.unpack(">BHI", read(7))
        payload = read(size)
        assert read(1) == b"\xce"
        return payload
    tls.sendall(b"AMQP\x00\x00\x09\x01")
    start = frame()
    assert struct.unpack(">HH", start[:4]) == (10, 10), "no connection.start"
    assert b"EXTERNAL" in start and b"PLAIN" not in start, "the front should offer EXTERNAL only"
    def shortstr(s): return bytes([len(s)]) + s
    def longstr(s): return struct.pack(">I", len(s)) + s
    payload = struct.pack(">HHI", 10, 11, 0) + shortstr(b"PLAIN") + longstr(b"\0guest\0guest") + shortstr(b"en_US")
    tls.sendall(struct.pack(">BHI", 1, 0, len(payload)) + payload + b"\xce")
    close = frame()
    cls, method, code = struct.unpack(">HHH", close[:6])
    text = close[7:7 + close[6]].decode()
    assert (cls, method, code) == (10, 50, 403), (cls, method, code, text)
    assert "EXTERNAL" in text, text
    print("PLAIN refused:", code, text)
PY
}

# The five faults, one scenario each, served together (their brokers boot in parallel).
faults=(expired:token_expired audience:wrong_audience other-sts:other_sts cvr:cvr_not_allowed broker:broker_down)
names=()
for entry in "${faults[@]}"; do
  scenario "${entry%%:*}" "${entry#*:}"
  names+=("${entry%%:*}")
done
serve "${names[@]}"
plain_client cvr
check expired 1 nej "403 ACCESS_REFUSED" "token refused: the assertion expired at"
check audience 1 nej "403 ACCESS_REFUSED" \
  "Audience 'http://beskedfordeler.eksterntest-stoettesystemerne.dk/service/afhent/1' is not"
check other-sts 1 nej "403 ACCESS_REFUSED" "signature is invalid"
check cvr 1 nej "403 ACCESS_REFUSED" "CVR 55133018 has no Beskedfordeler agreement"
check broker 1 ikke_testet "541 INTERNAL_ERROR" "not available"
stop_fixture
leftovers || { echo "the brokers were left behind"; exit 1; }
# NAME EVIDENCE: EVIDENCE is in the front's recorded reason (written when the fixture stopped).
logins expired "the assertion expired at"
logins audience "is not http://entityid.kombit.dk/service/bfo_modtag/2"
logins other-sts "signature is invalid"
logins cvr "CVR 55133018"
logins broker "not available"
echo "bfo_auth_faults: every fault refused as BFO refuses it, with its evidence; nothing left running"
