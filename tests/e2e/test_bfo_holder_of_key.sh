#!/usr/bin/env bash
# The simulated Beskedfordeler's holder-of-key check end to end: one `klarmeld-fixture serve` of the
# conforming scenario whose simulated vendor consumer presents another TLS client certificate
# (`consumer: other_certificate`, its renewed certificate) than the one its tokens are bound to. The
# front refuses every login of that consumer, so nothing drains the dueslag: the installed
# `klarmeld check --only SF1460_A` logs in itself with the system certificate the token was issued
# for (SF1460_A.5 Ja) and finds the dueslag growing without a consumer (SF1460_A.6 Nej). The front's
# evidence (bfo-logins-*.json) says how each client authenticated and whether the binding matched,
# and nothing of the broker is left running.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/bfo_setup.sh"

name=holder-of-key
sed -e "s/^name: conforming$/name: $name/" -e "s/^  consumer: conforming$/  consumer: other_certificate/" \
  "$scenarios/conforming.yaml" >"$name.yaml"
grep -q "consumer: other_certificate" "$name.yaml" || { echo "the scenario did not change"; exit 1; }
serve_scenarios pki --scenario "$name.yaml"
# A short drain watch: the dueslag grows as soon as the test message is distributed.
sed -i 's/^\(    SF1460_A: {.*options: { \)dueslag:/\1drain_seconds: "3", dueslag:/' "pki/profile-$name.yaml"
grep -q 'drain_seconds: "3"' "pki/profile-$name.yaml" || { echo "no dueslag option in the profile"; exit 1; }

set +e
CI=1 timeout 120 "$klarmeld" check --profile "pki/profile-$name.yaml" --only SF1460_A --retries 0 \
  --out "$name.xlsx" --json "$name.json" -q >"$name.stdout" 2>"$name.stderr"
status=$?
set -e
[ "$status" = 1 ] || { echo "exit $status, expected 1 (Nej)"; cat "$name.stderr"; exit 1; }
"$PYTHON" - "$name.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
found = {c["id"]: c for i in result["interfaces"] for c in i.get("criteria", [])}
login, drain = found["SF1460_A.5"], found["SF1460_A.6"]
assert login["verdict"].lower() == "ja", f"SF1460_A.5: {login['verdict']}: {login.get('reason')}"
assert drain["verdict"].lower() == "nej", f"SF1460_A.6: {drain['verdict']}: {drain.get('reason')}"
assert "grew" in drain["reason"] and "no consumer" in drain["reason"], drain["reason"]
print("SF1460_A.5:", login["verdict"], "| SF1460_A.6:", drain["verdict"], drain["reason"])
PY

stop_fixture
leftovers || { echo "the broker was left behind"; exit 1; }
"$PYTHON" - "pki/bfo-logins-$name.json" <<'PY'
import json, sys
path = sys.argv[1]
logins = json.load(open(path, encoding="utf-8"))
vendor = "Sagsbehandler Pro test (funktionscertifikat)"
renewed = "Sagsbehandler Pro fornyet (funktionscertifikat)"
# klarmeld presents the certificate its token was issued for: accepted, the binding proven.
own = [l for l in logins if vendor in l["client_certificate_subject"]]
assert own, f"{path}: no login with the system certificate: {logins}"
for login in own:
    assert login["accepted"] and login["holder_of_key"] == "bound", login
    assert login["mechanism"] == "EXTERNAL" and login["broker_user"], login
# The consumer presents its renewed certificate with a token bound to the old one: refused, and why.
other = [l for l in logins if renewed in l["client_certificate_subject"]]
assert other, f"{path}: the consumer never tried: {logins}"
for login in other:
    assert not login["accepted"] and login["holder_of_key"] == "other certificate", login
    assert vendor in login["token_certificate_subject"], login
    assert "is not the certificate the token is bound to" in login["reason"], login
    assert not login["broker_user"], login  # never relayed to the broker
assert "<saml" not in open(path, encoding="utf-8").read(), "the token reached the evidence"
print(f"{len(own)} login(s) bound, {len(other)} refused for another certificate")
PY
echo "bfo_holder_of_key: the front refuses a client certificate the token is not bound to; evidence recorded"
