#!/usr/bin/env bash
# Bounded, cancellable network in the real binary (issue 14, items 6 and 9): `klarmeld check --timeout 5`
# against servers that take the TCP connection and never finish a handshake — silent, TLS fed one
# byte every 3 s, an SSH banner and then nothing — ends within the connect bound plus a little, calls
# every such criterion "Ikke testet" with one wording ("no TLS answer within 5 s"; with --timeout 8 the
# handshake gets the whole 8 s), and SIGTERM during
# the wait ends the run within about a second. The SFTP probe's round trip against a real OpenSSH
# server runs in e2e.sftp_demo, on the simulator's own sshd (fixtures/src/sftp_server.hpp).
set -euo pipefail
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
unset KLARMELD_CRITERIA

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# A system certificate the profile can name (self-signed; it is its own CA bundle).
export KLARMELD_E2E_P12_PASSWORD="bounds-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
openssl req -x509 -newkey rsa:2048 -nodes -keyout system.key -out system.crt -days 365 \
  -subj "/CN=klarmeld e2e/serialNumber=CVR:12345674-UID:e2e" 2>/dev/null
openssl pkcs12 -export -in system.crt -inkey system.key -out system.p12 -passout env:KLARMELD_E2E_P12_PASSWORD
ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f client_key # the profile's SSH key (the sftp probe in step 3 needs one)

start_server() { # MODE → prints the port
  local mode=$1
  "$PYTHON" "$KLARMELD_SOURCE/tests/e2e/stalling_server.py" "port-$mode" "$mode" &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "port-$mode" ] && break; sleep 0.1; done
  [ -s "port-$mode" ] || { echo "the $mode server did not start"; exit 1; }
}

write_profile() { # FILE STS_URL SF1500_URL SF1590_URL [SF1590 options]
  cat >"$1" <<YAML
vendor:
  name: "Grænse Software A/S"
  cvr: "12345674"
system:
  name: "Grænsesystem"
  version: "1.0"
pilot_municipality:
  name: "Aarhus"
  code: 751
  cvr: "55133018"
environment:
  name: "stalling servers on loopback"
  sts:
    url: "$2"
  interfaces:
    SF1500:
      url: "$3"
      entity_id: "http://stoettesystemerne.dk/service/organisation/3"
    SF1590_A:
      url: "$4"
      options: { ${5:-username: "klarmeld"} }
credentials:
  pkcs12: "system.p12"
  password_env: "KLARMELD_E2E_P12_PASSWORD"
  ca_bundle: "system.crt"
  sts_certificate: "system.crt"
  ssh_private_key: "client_key"
declarations:
  SF1500: anvendes
  SF1590_A: anvendes
YAML
}

criterion() { # JSON ID → "verdict<TAB>reason"
  "$PYTHON" - "$1" "$2" <<'PY'
import json, sys
def walk(node):
    if isinstance(node, dict):
        if node.get("id") == sys.argv[2] and "verdict" in node:
            yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)
found = list(walk(json.load(open(sys.argv[1]))))
print(f"{found[0]['verdict']}\t{found[0]['reason']}" if found else "missing\t")
PY
}

expect() { # JSON ID VERDICT REASON-SUBSTRING
  local got
  got=$(criterion "$1" "$2")
  [ "${got%%$'\t'*}" = "$3" ] || { echo "$2: expected $3, got: $got"; exit 1; }
  [[ "${got#*$'\t'}" == *"$4"* ]] || { echo "$2: reason should contain '$4', got: $got"; exit 1; }
}

elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

run_check() { # NAME PROFILE ONLY [TIMEOUT] → exit status in $status, duration in $took (ms)
  local started; started=$(date +%s%N)
  set +e
  CI=1 timeout 120 "$klarmeld" check --profile "$2" --only "$3" --timeout "${4:-5}" --retries 0 --out "$1.xlsx" \
    --json "$1.json" -v >"$1.stdout" 2>"$1.stderr"
  status=$?
  set -e
  took=$(elapsed_ms "$started")
  echo "$1: exit $status after ${took} ms"
}

# What a run costs here when nothing waits (start, plan, outputs): against a port that refuses at once.
# The bounds below are the 5 s wait + 1 s on top of it, so a slow build (ASan) or a loaded machine
# does not turn the check into a timing test; a wait that is not bounded still ends only at 120 s.
write_profile refused.yaml "https://127.0.0.1:1/sts" "https://127.0.0.1:1/organisation/6/" "sftp://127.0.0.1:1/upload/"
run_check refused refused.yaml SF1500
bound=$((6000 + took))

start_server silent
start_server drip
start_server banner
silent=$(cat port-silent) drip=$(cat port-drip) banner=$(cat port-banner)

# 1. A silent endpoint and a drip-fed one: the tls probe (its own OpenSSL handshake) and the STS call
#    (libcurl) say the same, Ikke testet, and the whole run ends within the 5 s bound + 1 s.
for mode in silent drip; do
  port=$(cat "port-$mode")
  write_profile "$mode.yaml" "https://127.0.0.1:$port/sts" "https://127.0.0.1:$port/organisation/6/" \
    "sftp://127.0.0.1:$banner/upload/"
  run_check "$mode" "$mode.yaml" SF1500
  [ "$took" -lt "$bound" ] || { echo "$mode: the run took ${took} ms; every wait should end by 5 s (+ 1 s + the refused run)"; exit 1; }
  [ -s "$mode.json" ] || { echo "$mode: no JSON written"; cat "$mode.stderr"; exit 1; }
  expect "$mode.json" SF1500.1 ikke_testet "no TLS answer within 5 s"
  expect "$mode.json" SF1500.2 ikke_testet "no TLS answer within 5 s"
done

# 1b. The handshake's deadline is --timeout itself, not a shorter connect bound (issue 14 item 6): with
#     --timeout 8 the drip-fed handshake (a byte every 3 s) is given the whole 8 s, says so, and the run
#     still ends within 8 s + 1 s (+ the refused run).
write_profile drip8.yaml "https://127.0.0.1:$drip/sts" "https://127.0.0.1:$drip/organisation/6/" \
  "sftp://127.0.0.1:$banner/upload/"
run_check drip8 drip8.yaml SF1500 8
[ "$took" -ge 8000 ] || { echo "drip8: the run ended after ${took} ms, before the 8 s --timeout"; exit 1; }
expect drip8.json SF1500.1 ikke_testet "no TLS answer within 8 s"
expect drip8.json SF1500.2 ikke_testet "no TLS answer within 8 s"
# The handshake bound itself, as the probe measured it (duration_ms in the JSON): the whole 8 s and
# less than 8 s + 1 s. The process around it (start-up, catalog, writing the set) is measured apart
# from the refused run above; under a loaded sanitizer build it varies by seconds (12.4 s once with
# the refused run at 2.6 s), so the run as a whole gets that variation as slack, not the handshake.
"$PYTHON" - drip8.json <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
durations = {c["id"]: c["duration_ms"] for i in result["interfaces"] for c in i["criteria"] if c["id"] == "SF1500.1"}
took = durations.get("SF1500.1")
assert took is not None, "SF1500.1 has no duration_ms"
assert 8000 <= took < 9000, f"drip8: the tls probe's handshake took {took} ms; it should end after 8 s, within 8 s + 1 s"
print(f"drip8: the tls probe's handshake ended after {took} ms")
PY
[ "$took" -lt $((bound + 3000 + 5000)) ] || { echo "drip8: the run took ${took} ms; the wait should end by 8 s (+ 1 s + the refused run + start-up variation)"; exit 1; }

# 2. SIGTERM while the handshake waits ends the run within about a second, outputs written.
write_profile term.yaml "https://127.0.0.1:$drip/sts" "https://127.0.0.1:$drip/organisation/6/" \
  "sftp://127.0.0.1:$banner/upload/"
set +e
CI=1 "$klarmeld" check --profile term.yaml --only SF1500 --timeout 60 --retries 0 --out term.xlsx --json term.json \
  >term.stdout 2>term.stderr &
check_pid=$!
set -e
sleep 2 # well inside the 60 s handshake wait
sent=$(date +%s%N)
kill -TERM "$check_pid"
for _ in $(seq 1 100); do kill -0 "$check_pid" 2>/dev/null || break; sleep 0.05; done
took=$(elapsed_ms "$sent")
if kill -0 "$check_pid" 2>/dev/null; then
  kill -KILL "$check_pid"; echo "SIGTERM did not end the run within 5 s"; exit 1
fi
wait "$check_pid" || true
echo "SIGTERM: ended after ${took} ms"
[ "$took" -lt 2000 ] || { echo "SIGTERM took ${took} ms to end the run"; exit 1; }
[ -s term.json ] || { echo "no JSON written after SIGTERM"; cat term.stderr; exit 1; }

# 3. SFTP: a server that sends its banner and then hangs is Ikke testet within the bound.
write_profile banner.yaml "https://127.0.0.1:$silent/sts" "https://127.0.0.1:$silent/organisation/6/" \
  "sftp://127.0.0.1:$banner/upload/"
run_check banner banner.yaml SF1590_A
[ "$took" -lt "$bound" ] || { echo "banner: the run took ${took} ms; the wait should end by 5 s (+ 1 s + the refused run)"; exit 1; }
expect banner.json SF1590_A.1 ikke_testet "no SSH answer within 5 s"

echo "network_bounds: ok"
