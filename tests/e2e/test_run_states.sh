#!/usr/bin/env bash
# Run states, what gets signed and pending evidence (issue #14 items 2, 3 and 4), the real binary
# against `klarmeld-fixture serve`, outputs read back with openpyxl, json, ElementTree:
#  - a complete run whose manual evidence is missing: "Afventer dokumentation" on the sheet, exit 5;
#  - --only: partial everywhere (sheet, JSON, JUnit, attestation), unsigned without --sign-incomplete;
#  - STS refused: could-not-run, exit 3, interfaces Ikke testet (never Nej), not signed;
#  - SIGINT → 130 and SIGTERM → 143 with interrupted outputs; a second SIGINT ends at once;
#  - aggregate keeps the complete older file and lists the newer partial one on its own;
#  - verify names the state in its headline;
#  - everything down: exit 3, not signed, the stale .p7s of the set removed.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"

export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret states-test-)"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture conforming pki
profile=pki/profile-conforming.yaml
sign=(--sign-p12 pki/municipality.p12 --sign-password-env KLARMELD_FIXTURE_P12_PASSWORD)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; stop_fixture; }
trap cleanup EXIT

fail() { echo "run_states: $*"; exit 1; }
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

check() { # check NAME PROFILE [options...] → exit status in $status; outputs NAME.xlsx, .json, .junit.xml
  local name=$1 profile_file=$2
  shift 2
  set +e
  CI=1 timeout 120 "$klarmeld" check --profile "$profile_file" --out "$name.xlsx" --json "$name.json" \
    --junit "$name.junit.xml" "$@" >"$name.stdout" 2>"$name.stderr"
  status=$?
  set -e
}

# state NAME: the run state as the JSON, the JUnit properties, the sheet and (if present) the attestation say it.
state() {
  "$PYTHON" - "$1" <<'PY'
import base64, json, sys, xml.etree.ElementTree as ET, os
import openpyxl
name = sys.argv[1]
doc = json.load(open(f"{name}.json", encoding="utf-8"))
junit = {p.get("value") for p in ET.parse(f"{name}.junit.xml").getroot().iter("property") if p.get("name") == "run.state"}
sheet = openpyxl.load_workbook(f"{name}.xlsx")["Oversigt"]
words = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value}
attestation = "-"
if os.path.exists(f"{name}.intoto.json"):
    envelope = json.load(open(f"{name}.intoto.json"))
    attestation = json.loads(base64.b64decode(envelope["payload"]))["predicate"]["runState"]
print(doc["run"]["state"], "|".join(sorted(junit)), words.get("Kørselsstatus"), "|", words.get("Samlet resultat"),
      "|", attestation, sep=" ")
PY
}

# overview NAME: "ID=VERDICT" for every assessed interface on the overview sheet.
overview() {
  "$PYTHON" - "$1" <<'PY'
import sys, openpyxl
sheet = openpyxl.load_workbook(f"{sys.argv[1]}.xlsx")["Oversigt"]
rows = list(sheet.iter_rows(values_only=True))
start = next(i for i, row in enumerate(rows) if row[0] == "SNITFLADE NUMMER") + 1
cells = []
for row in rows[start:]:
    if not row[0]:
        break
    if row[3] != "Ikke relevant":
        cells.append(f"{row[0]}={row[3]}")
print(" ".join(cells))
PY
}

# 1. Complete run, manual evidence missing: exit 5, and the sheet says what the terminal says.
check complete "$profile" "${sign[@]}" --attestation complete.intoto.json
[ "$status" -eq 5 ] || { cat complete.stderr complete.stdout; fail "complete run: exit $status, expected 5"; }
state complete | grep -q "^complete complete Fuldstændig kørsel | Afventer dokumentation: .* | complete$" ||
  fail "complete run: sheet/attestation say $(state complete)"
overview complete | grep -q "SF1500=Afventer dokumentation" || fail "complete run: overview $(overview complete)"
! overview complete | grep -q "=Nej" || fail "complete run: an interface awaiting evidence is Nej: $(overview complete)"
"$PYTHON" - <<'PY' || fail "complete run: the SF1500 sheet does not say Afventer dokumentation"
import sys, openpyxl
sheet = openpyxl.load_workbook("complete.xlsx")["SF1500"]
row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Samlet vurdering af klarmelding")
sys.exit(0 if row[1] == "Afventer dokumentation" else f"SF1500 sheet: {row[1]!r}")
PY
grep -q "AFVENTER DOKUMENTATION" complete.stdout || fail "complete run: terminal verdict differs"
[ -s complete.xlsx.p7s ] || fail "complete run: not signed"
"$klarmeld" verify complete.xlsx --trust pki/root-ca.pem >verify-complete.out 2>&1 || true
head -1 verify-complete.out | grep -q "valid, trusted — complete run" || { cat verify-complete.out; fail "verify headline"; }
echo "complete: exit 5, Afventer dokumentation on the sheet, signed"

# 2. --only: partial everywhere; signed only with --sign-incomplete.
sleep 1 # the partial run must be newer than the complete one (whole-second timestamps) for step 6
check partial "$profile" --only SF1500,SF1512 "${sign[@]}" --attestation partial.intoto.json
[ "$status" -eq 1 ] || { cat partial.stderr; fail "partial run: exit $status, expected 1"; }
[ ! -e partial.xlsx.p7s ] && [ ! -e partial.intoto.json ] || fail "partial run signed without --sign-incomplete"
grep -q "not signed: partial run" partial.stderr || { cat partial.stderr; fail "partial run: no message why unsigned"; }
state partial | grep -q "^partial partial Delvis kørsel" || fail "partial run: $(state partial)"
check partial "$profile" --only SF1500,SF1512 "${sign[@]}" --attestation partial.intoto.json --sign-incomplete
[ -s partial.xlsx.p7s ] || fail "partial run with --sign-incomplete: not signed"
state partial | grep -q "^partial partial Delvis kørsel.* | partial$" || fail "partial attestation: $(state partial)"
"$klarmeld" verify partial.xlsx --trust pki/root-ca.pem >verify-partial.out 2>&1 || true
head -1 verify-partial.out | grep -q "valid, trusted — partial run" || { cat verify-partial.out; fail "verify headline"; }
echo "partial: state in sheet, JSON, JUnit, attestation; signed only with --sign-incomplete"

# 3. STS refused: could not run, exit 3, Ikke testet (never Nej), unsigned.
"$PYTHON" - "$profile" refused.yaml <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
port = re.search(r'sts: \{ url: "https://127\.0\.0\.1:(\d+)/', text).group(1)
# Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(f"127.0.0.1:{port}/runtime", "127.0.0.1:9/runtime"))
PY
check refused refused.yaml "${sign[@]}"
[ "$status" -eq 3 ] || { cat refused.stderr refused.stdout; fail "STS refused: exit $status, expected 3"; }
state refused | grep -q "^could-not-run could-not-run Kunne ikke gennemføres.* | Kunne ikke gennemføres" ||
  fail "STS refused: $(state refused)"
! overview refused | grep -q "=Nej" || fail "STS refused: Nej on the overview: $(overview refused)"
overview refused | grep -q "SF1514=Ikke testet" || fail "STS refused: overview $(overview refused)"
[ ! -e refused.xlsx.p7s ] || fail "STS refused: signed without --sign-incomplete"
echo "STS refused: exit 3, could-not-run, Ikke testet, unsigned"

# 4. Signals while a probe waits on an endpoint that never answers: 130 / 143, outputs interrupted.
"$PYTHON" "$KLARMELD_SOURCE/tests/e2e/stalling_server.py" port-silent silent &
pids+=($!)
for _ in $(seq 1 100); do [ -s port-silent ] && break; sleep 0.1; done
[ -s port-silent ] || fail "the silent server did not start"
point_sf1500() { # point_sf1500 OUT PORT: the fixture's profile with SF1500 at 127.0.0.1:PORT
  "$PYTHON" - "$profile" "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r'(SF1500: \{ url: ")https://127\.0\.0\.1:\d+/', rf'\g<1>https://127.0.0.1:{sys.argv[3]}/', text)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
}
point_sf1500 slow.yaml "$(cat port-silent)"
interrupt() { # interrupt NAME SIGNAL... : start a slow check, wait until probes run, send the signals
  local name=$1
  shift
  CI=1 "$klarmeld" check --profile "${interrupt_profile:-slow.yaml}" --timeout 60 --retries 0 --out "$name.xlsx" \
    --json "$name.json" \
    --junit "$name.junit.xml" "${sign[@]}" -v >"$name.stdout" 2>"$name.stderr" &
  local pid=$!
  for _ in $(seq 1 200); do grep -q '^\[' "$name.stderr" 2>/dev/null && break; sleep 0.05; done
  grep -q '^\[' "$name.stderr" || fail "$name: no probe finished"
  sent=$(date +%s%N)
  for signal in "$@"; do kill "-$signal" "$pid"; done
  set +e
  wait "$pid"
  status=$?
  set -e
  took=$(elapsed_ms "$sent")
}
interrupt sigint INT
[ "$status" -eq 130 ] || { cat sigint.stderr; fail "SIGINT: exit $status, expected 130"; }
[ "$took" -lt 2000 ] || fail "SIGINT: took $took ms"
state sigint | grep -q "^interrupted interrupted Afbrudt kørsel" || fail "SIGINT: $(state sigint)"
[ ! -e sigint.xlsx.p7s ] || fail "SIGINT: the interrupted workbook was signed"
interrupt sigterm TERM
[ "$status" -eq 143 ] || { cat sigterm.stderr; fail "SIGTERM: exit $status, expected 143"; }
[ "$took" -lt 2000 ] || fail "SIGTERM: took $took ms"
state sigterm | grep -q "^interrupted interrupted Afbrudt kørsel" || fail "SIGTERM: $(state sigterm)"
# An endpoint that drops SYNs (a full accept queue; a firewall does the same): neither the probe nor the
# reachability check may hold the interrupted run (the check alone waits 3 s per such endpoint).
"$PYTHON" - port-blackhole <<'PY' &
import os, socket, sys, time
for port in range(10000, 20000):  # sorts before the fixture's ephemeral ports: the check asks it first
    listener = socket.socket()
    try:
        listener.bind(("127.0.0.1", port))
        break
    except OSError:
        listener.close()
listener.listen(0)
queued = []
for _ in range(4):  # fill the accept queue; later SYNs are dropped and connects hang
    client = socket.socket()
    client.setblocking(False)
    try:
        client.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    queued.append(client)
open(sys.argv[1] + ".tmp", "w").write(str(port))
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    time.sleep(1)
PY
pids+=($!)
for _ in $(seq 1 100); do [ -s port-blackhole ] && break; sleep 0.1; done
[ -s port-blackhole ] || fail "the blackhole server did not start"
point_sf1500 blackhole.yaml "$(cat port-blackhole)"
interrupt_profile=blackhole.yaml interrupt blackhole INT
[ "$status" -eq 130 ] || { cat blackhole.stderr; fail "SIGINT (dropped SYNs): exit $status, expected 130"; }
[ "$took" -lt 2000 ] || fail "SIGINT (dropped SYNs): took $took ms"
state blackhole | grep -q "^interrupted interrupted Afbrudt kørsel" || fail "SIGINT (dropped SYNs): $(state blackhole)"
echo "signals: SIGINT → 130, SIGTERM → 143, outputs written and marked interrupted (also with dropped SYNs)"

# 5. A second SIGINT ends the process at once: nothing written, the previous outputs untouched.
cp sigint.json twice.json && cp sigint.xlsx twice.xlsx && sha256sum twice.json twice.xlsx >twice.sha256
CI=1 "$klarmeld" check --profile slow.yaml --timeout 60 --retries 0 --out twice.xlsx --json twice.json -v \
  >twice.stdout 2>twice.stderr &
pid=$!
for _ in $(seq 1 200); do grep -q '^\[' twice.stderr 2>/dev/null && break; sleep 0.05; done
# Two signals sent back to back may merge into one (standard signals do not queue): send the second
# once the first has been delivered, i.e. is no longer pending for the process (proc(5) ShdPnd, bit 1).
# One Python process sends both, polling in a tight loop: a shell loop that starts awk per poll took
# long enough on a loaded machine for the interrupted run to finish writing before the second signal.
"$PYTHON" - "$pid" <<'PY'
import os, signal, sys, time
pid = int(sys.argv[1])
def sigint_pending():
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(l for l in status if l.startswith("ShdPnd:"))
        return int(line.split()[1], 16) & 2
    except (OSError, StopIteration):
        return 0
os.kill(pid, signal.SIGINT)
deadline = time.monotonic() + 1
while sigint_pending() and time.monotonic() < deadline:
    pass
try:
    os.kill(pid, signal.SIGINT)
except ProcessLookupError:
    pass
PY
set +e; wait "$pid"; status=$?; set -e
[ "$status" -eq 130 ] || fail "second SIGINT: exit $status, expected 130"
! grep -q "^wrote" twice.stdout || fail "second SIGINT: the run still wrote its outputs"
sha256sum --quiet -c twice.sha256 || fail "second SIGINT: the previous outputs changed"
echo "second SIGINT: ended at once, previous outputs untouched"

# 6. aggregate: the complete older klarmelding counts, the newer partial one is listed on its own.
mkdir -p indsendte && cp complete.xlsx partial.xlsx indsendte/
set +e
"$klarmeld" aggregate indsendte --out overblik.xlsx --trust pki/root-ca.pem >aggregate.out 2>&1
status=$?
set -e
[ "$status" -eq 0 ] || { cat aggregate.out; fail "aggregate: exit $status"; }
grep -q "1 regneark medtaget" aggregate.out || { cat aggregate.out; fail "aggregate: not one file counted"; }
grep -A1 "^Ufuldstændige kørsler" aggregate.out | grep -q "partial.xlsx: Ufuldstændig kørsel" ||
  { cat aggregate.out; fail "aggregate: the partial file is not listed on its own"; }
"$PYTHON" - <<'PY' || fail "aggregate: the Input sheet does not count the complete file and set the partial aside"
import sys, openpyxl
rows = [row for row in openpyxl.load_workbook("overblik.xlsx")["Input"].iter_rows(values_only=True)]
status = {str(row[0]).rsplit("/", 1)[-1]: row[2] for row in rows[1:] if row[0]}
print(status)
sys.exit(0 if status.get("complete.xlsx") == "Medtaget" and status.get("partial.xlsx") == "Udeladt (incomplete)" else 1)
PY
"$PYTHON" - <<'PY' || fail "aggregate: the matrix does not show the counted file's Afventer dokumentation"
import sys, openpyxl
rows = list(openpyxl.load_workbook("overblik.xlsx")["Matrix"].iter_rows(values_only=True))
column = next(i for i, heading in enumerate(rows[0]) if heading and str(heading).startswith("SF1500"))
sys.exit(0 if rows[1][column] == "Afventer dokumentation" else f"Matrix SF1500: {rows[1][column]!r}")
PY
echo "aggregate: complete kept, partial listed separately"

# 7. Everything down: exit 3, nothing signed, and the stale signature of the set not left behind.
cp complete.xlsx down.xlsx && cp complete.xlsx.p7s down.xlsx.p7s
stop_fixture
check down "$profile" "${sign[@]}"
[ "$status" -eq 3 ] || { cat down.stderr down.stdout; fail "everything down: exit $status, expected 3"; }
[ ! -e down.xlsx.p7s ] || fail "everything down: a stale .p7s beside the unsigned workbook"
state down | grep -q "^could-not-run could-not-run Kunne ikke gennemføres" || fail "everything down: $(state down)"
grep -q "KUNNE IKKE GENNEMFØRES" down.stdout || fail "everything down: terminal verdict"
echo "everything down: exit 3, unsigned, no stale signature"
echo "run_states: ok"
