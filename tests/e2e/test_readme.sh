#!/usr/bin/env bash
# The README as a newcomer meets it (issue 14 item 11): the command lines of its marked blocks
# ("readme-test: serve", then "readme-test: everyday") are taken from a copy of README.md and run as
# written, in order, in one shell. Nothing is substituted; only the build's binaries are put on PATH.
# Each command's exit code and the files the README promises are checked; then `check -q`, `-v` on a
# terminal, `TERM=dumb` on a terminal and stderr to a file. The countersigning block runs last: the
# vendor's set must stay byte-identical and every signature valid (issue 14 item 7).
set -euo pipefail
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
unset KLARMELD_CRITERIA CI
export PATH="$KLARMELD_BUILD/cli:$KLARMELD_BUILD/fixtures:$PATH"
cp "$KLARMELD_SOURCE/README.md" README.copy.md

# One command per line (continuation lines joined), NUL-separated, from the block after a marker.
"$PYTHON" - README.copy.md <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for name in ("serve", "everyday", "countersign"):
    match = re.search(r"<!-- readme-test: " + name + r"\b[^>]*-->\s*```sh\n(.*?)```", text, re.S)
    if not match:
        sys.exit(f"README.md has no block marked readme-test: {name}")
    commands = [line.strip() for line in match.group(1).replace("\\\n", " ").splitlines() if line.strip()]
    with open(name + ".cmds", "wb") as out:
        out.write(b"".join(command.encode() + b"\0" for command in commands))
    print(f"{name}: {len(commands)} command(s)")
PY

fixture_pid=""
stop_fixture() { [ -z "$fixture_pid" ] || kill "$fixture_pid" 2>/dev/null || true; }
trap stop_fixture EXIT
while IFS= read -r -d '' command; do
  echo "\$ $command"
  eval "$command"
  case "$command" in *"&") fixture_pid=$! ;; esac
done <serve.cmds
[ -n "$fixture_pid" ] || { echo "the serve block starts nothing in the background"; exit 1; }
for _ in $(seq 1 1200); do
  grep -q "^ready:" testmiljo.log 2>/dev/null && break
  kill -0 "$fixture_pid" 2>/dev/null || { echo "klarmeld-fixture ended early"; cat testmiljo.log; exit 1; }
  sleep 0.1
done
grep -q "^ready:" testmiljo.log || { echo "klarmeld-fixture never said ready"; exit 1; }
# The files the README says serve writes.
for f in profile-conforming.yaml vendor.p12 municipality.p12 ca.pem root-ca.pem sts.pem tls-server.pem vendor-expired.p12; do
  [ -s "testmiljo/$f" ] || { echo "serve did not write testmiljo/$f"; exit 1; }
done

# The everyday block: what each command must exit with, in the README's order.
expected=("demo 0" "criteria list 0" "criteria explain 0" "profile init 0" "environment show 0" "check 5" "verify 0"
  "aggregate 0" "diff 0")
n=0
while IFS= read -r -d '' command; do
  [ "$n" -lt "${#expected[@]}" ] || { echo "the everyday block has more commands than this test knows: $command"; exit 1; }
  want=${expected[$n]}
  [[ "$command" == "klarmeld ${want% *}"* ]] || { echo "command $((n + 1)) is not 'klarmeld ${want% *}': $command"; exit 1; }
  echo "\$ $command"
  set +e
  eval "$command" >"out-$n.txt" 2>"err-$n.txt"
  status=$?
  set -e
  [ "$status" -eq "${want##* }" ] || {
    echo "exit $status, expected ${want##* }"; tail -n 20 "out-$n.txt" "err-$n.txt"; exit 1; }
  n=$((n + 1))
done <everyday.cmds
[ "$n" -eq "${#expected[@]}" ] || { echo "the everyday block has $n commands, expected ${#expected[@]}"; exit 1; }

# The files the README names.
ls klarmeld-demo/conforming/klarmelding_eksempel-software-a-s_*.xlsx klarmeld-demo/half-ready/klarmelding_halvklar-systemer-aps_*.xlsx >/dev/null
for f in klarmeld-demo/conforming/klarmelding_*.xlsx klarmeld-demo/half-ready/klarmelding_*.xlsx; do
  for beside in "$f.p7s" "$f.intoto.json" "$(dirname "$f")/junit.xml" "$(dirname "$f")/result.json" "$(dirname "$f")/profile.yaml"; do
    [ -s "$beside" ] || { echo "demo did not write $beside"; exit 1; }
  done
done
ls klarmeld-demo/conforming/evidence/*.txt >/dev/null
for f in klarmeld-demo/pki/root-ca.pem profil.yaml klarmelding.xlsx klarmelding.xlsx.p7s klarmelding.xlsx.intoto.json \
  junit.xml result.json overblik.xlsx overblik.html; do
  [ -s "$f" ] || { echo "the README's commands did not write $f"; exit 1; }
done
grep -q "klarmelding.xlsx.intoto.json): valid" out-6.txt || { echo "verify did not check the attestation"; cat out-6.txt; exit 1; }
grep -q "2 regneark medtaget, 0 udeladt" out-7.txt || { echo "aggregate did not count both demo vendors"; cat out-7.txt; exit 1; }
grep -q "SOAP 1.1 with the Liberty Framework header" out-4.txt || { echo "environment show without SOAP versions"; exit 1; }
"$PYTHON" - result.json <<'PY'
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
assert result["vendor"]["name"] == "Eksempel Software A/S", result["vendor"]
assert result["readiness"] == "pending_evidence", result["readiness"]
PY

# The countersigning block: `sign` then `verify`, both exit 0; the vendor's set is not touched.
sha256sum klarmelding.xlsx klarmelding.xlsx.p7s klarmelding.xlsx.intoto.json >vendor-set.sha256
n=0
while IFS= read -r -d '' command; do
  echo "\$ $command"
  set +e
  eval "$command" >"cs-$n.txt" 2>"cs-err-$n.txt"
  status=$?
  set -e
  [ "$status" -eq 0 ] || { echo "exit $status, expected 0"; tail -n 20 "cs-$n.txt" "cs-err-$n.txt"; exit 1; }
  n=$((n + 1))
done <countersign.cmds
[ "$n" -eq 2 ] || { echo "the countersign block has $n commands, expected sign and verify"; exit 1; }
sha256sum -c --quiet vendor-set.sha256 || { echo "countersigning changed the vendor's set"; exit 1; }
[ -s klarmelding.xlsx.countersign.p7s ] || { echo "no klarmelding.xlsx.countersign.p7s"; exit 1; }
grep -q "^klarmelding.xlsx: valid, trusted" cs-1.txt || { echo "verify headline after countersigning:"; cat cs-1.txt; exit 1; }
grep -q "Countersignature.*countersign.p7s): valid, trusted" cs-1.txt || { echo "verify did not check the countersignature"; cat cs-1.txt; exit 1; }
grep -q "intoto.json): valid" cs-1.txt || { echo "attestation not valid after countersigning"; cat cs-1.txt; exit 1; }

# The ids of every criterion the check decided (assessed interfaces), to compare with what is printed.
"$PYTHON" - result.json >criteria.txt <<'PY'
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
for interface in result["interfaces"]:
    if interface.get("assessed", True):
        for criterion in interface["criteria"]:
            print(criterion["id"])
PY
total=$(wc -l <criteria.txt)
profile=testmiljo/profile-conforming.yaml

# -q: only the verdict line, nothing on stderr.
set +e
klarmeld check --profile "$profile" --out q.xlsx -q >q.out 2>q.err
status=$?
set -e
[ "$status" -eq 5 ] || { echo "check -q exited $status"; cat q.err; exit 1; }
[ "$(wc -l <q.out)" -eq 1 ] && grep -q "^AFVENTER DOKUMENTATION: " q.out || { echo "check -q printed more than the verdict line:"; cat q.out; exit 1; }
[ ! -s q.err ] || { echo "check -q wrote to stderr:"; cat q.err; exit 1; }
# stderr to a file: lines, never the bar's carriage returns.
klarmeld check --profile "$profile" --out f.xlsx >f.out 2>f.err || true
! grep -q $'\r' f.err || { echo "progress bar drawn into a file"; exit 1; }
[ "$(grep -c '^\[[0-9]*/[0-9]*\] ' f.err)" -eq "$total" ] || { echo "not one line per criterion in the log"; exit 1; }
# A terminal (script(1) gives one) with TERM=dumb: lines, no bar.
TERM=dumb script -qec "klarmeld check --profile $profile --out t.xlsx" /dev/null >dumb.txt 2>&1 || true
! grep -qa '\[[#.]\{4,\}\]' dumb.txt || { echo "TERM=dumb got a progress bar"; exit 1; }
[ "$(grep -ac '^\[[0-9]*/[0-9]*\] ' dumb.txt)" -eq "$total" ] || { echo "TERM=dumb: not one line per criterion"; exit 1; }
# A real terminal with -v: the bar, and every criterion printed above it.
TERM=xterm script -qec "klarmeld check --profile $profile --out v.xlsx -v" /dev/null >verbose.txt 2>&1 || true
grep -qa '\[[#.]\{4,\}\]' verbose.txt || { echo "no progress bar on a terminal"; exit 1; }
tr '\r' '\n' <verbose.txt >verbose-lines.txt
while read -r id; do
  grep -aqE "^(.\[K)?${id//./\\.} (Ja|Nej|Ikke testet|Ikke relevant) — " verbose-lines.txt || {
    echo "-v on a terminal did not print $id"; exit 1; }
done <criteria.txt

# The key password never appears in anything written or printed.
password=$KLARMELD_FIXTURE_P12_PASSWORD
leaks=$(grep -rlaF -- "$password" . || true)
[ -z "$leaks" ] || { echo "the key password found in: $leaks"; exit 1; }
echo "readme: ok ($n everyday commands, $total criteria)"
