#!/usr/bin/env bash
# Secrets never leave klarmeld (issue 7): run `klarmeld demo`, and a `klarmeld check` with every output
# (--evidence, --junit, --json, --attestation, a signed workbook) against `klarmeld-fixture serve`, then
# scan everything printed or written — workbooks unzipped — for the PKCS#12 passwords, PEM private
# keys, raw SAML assertions, raw access-token values and the test CPR number (issue 14: evidence holds
# only its keyed digest, hmac-sha256 under a key of that run, never the plain sha256 anyone could
# compute for every CPR number). Zero hits required.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"

# 1. The demo (its PKI password is generated and written to out/pki/p12-password.txt).
set +e
CI=1 timeout 300 "$klarmeld" demo --out-dir demo >demo.stdout 2>demo.stderr
status=$?
set -e
[ "$status" -eq 0 ] || { echo "demo exited $status"; tail -30 demo.stderr; exit 1; }

# 2. A check with every output against the fixture server; the key password only in the environment.
export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret secrets-test- 12)"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture conforming pki
grep -q "KLARMELD_FIXTURE_P12_PASSWORD" pki/profile-conforming.yaml || {
  echo "the profile should name the password variable"; exit 1; }
mkdir -p check
set +e
CI=1 timeout 300 "$klarmeld" check --profile pki/profile-conforming.yaml --out check/klarmelding.xlsx --evidence evidence \
  --junit check/junit.xml --json check/result.json --attestation check/attestation.json \
  --sign-p12 pki/municipality.p12 --sign-password-env KLARMELD_FIXTURE_P12_PASSWORD -v \
  >check.stdout 2>check.stderr
status=$?
set -e
stop_fixture
trap - EXIT
case "$status" in
  0 | 1 | 5) ;;
  *) echo "check exited $status (0, 1 or 5 expected)"; tail -30 check.stderr; exit 1 ;;
esac
[ -s check/result.json ] && [ -s check/junit.xml ] && [ -s check/attestation.json ] || {
  echo "check did not write every output"; ls -R check; exit 1; }
[ -n "$(ls -A evidence 2>/dev/null)" ] || { echo "no evidence written"; exit 1; }

# 3. Unzip every workbook so the scan sees the XML inside.
for workbook in $(find demo check -name '*.xlsx'); do
  mkdir -p "unzipped/$workbook" && (cd "unzipped/$workbook" && "$PYTHON" -m zipfile -e "$work/$workbook" .)
done

# 4. The scan. Secrets: both passwords, PEM private keys, signed SAML assertions (as XML, or as
# base64/base64url that decodes to one), Holder-of-key/Bearer header values and access_token values
# that are not redaction digests.
demo_password=$(head -n1 demo/pki/p12-password.txt)
"$PYTHON" - "$demo_password" "$KLARMELD_FIXTURE_P12_PASSWORD" <<'PY'
import base64, os, re, sys, zlib

passwords = [p for p in sys.argv[1:] if p]
# The PKI directories hold the keys and password files on purpose; everything else is output.
skip_dirs = {os.path.join(".", "demo", "pki"), os.path.join(".", "pki")}
outputs = []
for root, dirs, files in os.walk("."):
    if root in skip_dirs:
        dirs[:] = []
        continue
    for name in files:
        path = os.path.join(root, name)
        if path.endswith(".xlsx"):
            continue  # scanned unzipped
        outputs.append(path)

redacted = re.compile(r"^hmac-sha256:[0-9a-f]{64}$")
# The fictitious CPR number the rest.call probes send (interfaces/rest/rest_call_probe.cpp), in both
# spellings, and its unkeyed digest.
import hashlib
test_cpr = "0101011234"
cpr_forms = [test_cpr.encode(), (test_cpr[:6] + "-" + test_cpr[6:]).encode(),
             hashlib.sha256(test_cpr.encode()).hexdigest().encode()]
keyed_cpr = re.compile(rb"cprNumber=hmac-sha256:[0-9a-f]{64}")
keyed_cpr_seen = False
# A signature value inside the Assertion element itself (a redacted one is "hmac-sha256:<hex>" text only).
signed_assertion = re.compile(
    rb"<(\w+:)?Assertion\b[^>]*>(?:(?!</(?:\w+:)?Assertion>).)*?<(\w+:)?SignatureValue>\s*[A-Za-z0-9+/=\s]{40,}", re.S)
token_header = re.compile(rb"(Holder-of-key|Bearer)\s+([A-Za-z0-9+/=._~-]{20,})")
access_token = re.compile(rb'"?access_token"?\s*[:=]\s*"?([A-Za-z0-9+/=._~-]{16,})')
saml_token_form = re.compile(rb"saml-token=([A-Za-z0-9+/=%_-]{40,})")
base64_run = re.compile(rb"[A-Za-z0-9+/_-]{120,}={0,2}")

def decodes_to_assertion(run):
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decode(run + b"=" * (-len(run) % 4))
        except Exception:
            continue
        for candidate in (raw,):
            try:
                candidate = zlib.decompress(raw, -15)  # SAML redirect binding deflates
            except Exception:
                pass
            if b"Assertion" in candidate and b"SignatureValue" in candidate:
                return True
    return False

problems = []
for path in sorted(outputs):
    data = open(path, "rb").read()
    for password in passwords:
        if password.encode() in data:
            problems.append(f"{path}: contains a PKCS#12 password")
    if b"PRIVATE KEY" in data:
        problems.append(f"{path}: contains PEM private-key material")
    if signed_assertion.search(data):
        problems.append(f"{path}: contains a signed SAML assertion in the clear")
    for match in token_header.finditer(data):
        if not redacted.match(match.group(2).decode(errors="replace")):
            problems.append(f"{path}: raw {match.group(1).decode()} token value")
            break
    for match in access_token.finditer(data):
        value = match.group(1).decode(errors="replace")
        if not redacted.match(value) and not value.startswith("hmac-sha256"):
            problems.append(f"{path}: raw access_token value")
            break
    for form in cpr_forms:
        # The simulator's own log is not a klarmeld output: it receives the number on purpose.
        if form in data and not os.path.basename(path).startswith("fixture."):
            problems.append(f"{path}: contains the test CPR number or its unkeyed sha256")
    if path.startswith(os.path.join(".", "evidence")) and keyed_cpr.search(data):
        keyed_cpr_seen = True
    for match in saml_token_form.finditer(data):
        problems.append(f"{path}: raw saml-token form value")
        break
    for match in base64_run.finditer(data):
        if decodes_to_assertion(match.group(0)):
            problems.append(f"{path}: base64 of a signed SAML assertion")
            break

if not keyed_cpr_seen:
    problems.append("no evidence file shows the CPR number as cprNumber=hmac-sha256:<hex>")
for problem in problems:
    print("SECRET:", problem)
print(f"scanned {len(outputs)} outputs, {len(problems)} secret(s) found")
sys.exit(1 if problems else 0)
PY
echo "secrets: ok"
