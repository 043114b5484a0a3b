#!/usr/bin/env bash
# SF1590_C (ØiR Udbetaling, issue #18) against the simulator's own SFTP server: `klarmeld-fixture serve
# --sftp` starts a private OpenSSH sshd per scenario with `sftp:` and points the profile's SF1590_C at
# it (URL, user, host key fingerprint, the vendor's SSH key from the test PKI, written into sshd's folder). One serve, then one
# `klarmeld check --only SF1590_C` per scenario:
#  - conforming: the round trip (SF1590_C.5) and the web-service token (SF1590_C.6) are Ja, and the
#    upload folder is empty again;
#  - sftp-faults: the server is read-only, so SF1590_C.5 is Nej with sshd's "Permission denied", while
#    the token is still Ja;
# the vendor's private key reaches no output; SIGTERM to the fixture ends its sshd and removes its folder.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
fail() { echo "sftp_demo: $*"; exit 1; }
[ -x /usr/sbin/sshd ] || { echo "sftp_demo: skipped (/usr/sbin/sshd is not installed; scripts/setup)"; exit 0; }
export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret sftp-test-)"

scenarios="$KLARMELD_PREFIX/share/klarmeld/scenarios"
serve_scenarios pki --scenario "$scenarios/conforming.yaml" --scenario "$scenarios/sftp-faults.yaml" \
  --no-beskedfordeler --sftp
grep -q "SF1590_C (ØiR SFTP, sshd)  sftp://127.0.0.1:" fixture.stdout || { cat fixture.stdout fixture.stderr; fail "no sshd line"; }

run() { # run SCENARIO EXPECTED_EXIT
  set +e
  CI=1 timeout 60 "$klarmeld" check --profile "pki/profile-$1.yaml" --only SF1590_C --retries 0 --out "$1.xlsx" \
    --json "$1.json" -v >"$1.stdout" 2>"$1.stderr"
  local status=$?
  set -e
  [ "$status" -eq "$2" ] || { cat "$1.stdout" "$1.stderr"; fail "$1: exit $status, expected $2"; }
}
# A run of part of the catalog (--only) is incomplete and exits 1 either way; the verdicts tell.
run conforming 1
run sftp-faults 1

"$PYTHON" - <<'PY'
import os, sys
sys.path.insert(0, os.environ["KLARMELD_SOURCE"] + "/tests/e2e")
from result_expect import Expectations
checks = Expectations()
expect = checks.expect
expect("conforming", "SF1590_C.5", "ja", "uploaded, listed and removed", "with key authentication")
expect("conforming", "SF1590_C.6", "ja", "udbetaling")
expect("sftp-faults", "SF1590_C.5", "nej", "SFTP upload failed", "Permission denied")
expect("sftp-faults", "SF1590_C.6", "ja", "udbetaling")
checks.finish()
PY

# The profile names the server; its upload folder is empty after the round trip.
url=$(grep -o 'SF1590_C: { url: "sftp://[^"]*"' pki/profile-conforming.yaml | grep -o 'sftp://[^"]*')
port=${url#sftp://127.0.0.1:}; port=${port%%/*}
folder=/${url#sftp://127.0.0.1:*/}
[ -d "$folder" ] && [ -z "$(ls -A "$folder")" ] || fail "the upload folder $folder is missing or not empty"
# The vendor's SSH key lives in the sshd folder (owner-only) and is named by path only: its body is in
# no output, and it goes when the fixture stops.
key=$(grep -o 'ssh_private_key: "[^"]*"' pki/profile-conforming.yaml | cut -d'"' -f2)
[ "$(stat -c %a "$key")" = 600 ] || fail "the SSH key $key is not owner-only"
key_line=$(sed -n 2p "$key")
! grep -rqF -- "$key_line" ./*.xlsx ./*.json ./*.stdout ./*.stderr pki || fail "the SSH private key leaked"
! grep -rl "PRIVATE KEY" ./*.xlsx ./*.json ./*.stdout ./*.stderr pki || fail "private key material in the outputs"

# SIGTERM ends the fixture and its sshd: the port refuses, the folder is gone.
stop_fixture
! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "sshd still listens on $port after the fixture stopped"
[ ! -e "${folder%/upload/}" ] && [ ! -e "$key" ] || fail "the sshd folder ${folder%/upload/} was left behind"
echo "sftp_demo: ok"
