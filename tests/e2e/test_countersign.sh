#!/usr/bin/env bash
# Countersigning (issue #14 item 7), the README's workflow against `klarmeld-fixture serve`:
# `check --attestation` signed by the vendor → `sign` by the municipality → `verify`. The
# countersignature goes to FILE.xlsx.countersign.p7s and leaves the workbook, the vendor's .p7s and
# the attestation byte for byte, so verify finds all of them valid and says who signed what; an
# independent reader (openssl cms) accepts both detached signatures over the same bytes. An expired
# signer certificate is refused with its dates (exit 3, nothing written), and a new check replacing
# the workbook removes the countersignature of the old one.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"

export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret countersign-)"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture conforming pki
export SIGN_PASSWORD="$KLARMELD_FIXTURE_P12_PASSWORD"
(umask 077 && printf '%s\n' "$KLARMELD_FIXTURE_P12_PASSWORD" > pw.txt)

fail() { echo "countersign: $*"; exit 1; }
openssl_verifies() { # P7S: a detached CAdES over klarmelding.xlsx that openssl accepts
  openssl cms -verify -binary -inform DER -in "$1" -content klarmelding.xlsx -CAfile pki/root-ca.pem \
    -purpose any -out /dev/null 2>cms.out || { cat cms.out; fail "openssl does not accept $1"; }
}

# 1. The vendor's signed check with an attestation (README "Everyday use").
set +e
CI=1 "$klarmeld" check --profile pki/profile-conforming.yaml --out klarmelding.xlsx --junit junit.xml \
  --json result.json --sign-p12 pki/vendor.p12 --sign-password-env SIGN_PASSWORD \
  --attestation klarmelding.xlsx.intoto.json -q >check.out 2>&1
status=$?
set -e
[[ "$status" =~ ^(0|1|5)$ ]] || { cat check.out; fail "check exited $status"; }
sha256sum klarmelding.xlsx klarmelding.xlsx.p7s klarmelding.xlsx.intoto.json >vendor.sha256

# 2. The municipality countersigns.
"$klarmeld" sign klarmelding.xlsx --sign-p12 pki/municipality.p12 --sign-password-file pw.txt >sign.out 2>&1 ||
  { cat sign.out; fail "sign exited $?"; }
grep -q "Countersigned klarmelding.xlsx" sign.out || { cat sign.out; fail "sign does not say it countersigned"; }
[ -s klarmelding.xlsx.countersign.p7s ] || fail "no klarmelding.xlsx.countersign.p7s"
sha256sum --quiet -c vendor.sha256 || fail "countersigning changed the vendor's workbook, .p7s or attestation"

# 3. verify: every signature valid and trusted, each with its signer; exit 0.
set +e
"$klarmeld" verify klarmelding*.xlsx --trust pki/root-ca.pem >verify.out 2>&1
status=$?
set -e
cat verify.out
[ "$status" -eq 0 ] || fail "verify exited $status after countersigning"
grep -q "^klarmelding.xlsx: valid, trusted" verify.out || fail "headline is not 'valid, trusted'"
grep -q "in-toto attestation (klarmelding.xlsx.intoto.json): valid" verify.out || fail "attestation not valid"
grep -q "Detached CAdES (klarmelding.xlsx.p7s): valid, trusted" verify.out || fail "vendor .p7s not valid"
grep -q "Countersignature, detached CAdES (klarmelding.xlsx.countersign.p7s): valid, trusted" verify.out ||
  fail "countersignature not reported valid"
grep -q "INVALID" verify.out && fail "verify reports something INVALID"
"$klarmeld" verify klarmelding.xlsx --trust pki/root-ca.pem --json >verify.json
"$PYTHON" - verify.json <<'PY' || fail "verify --json does not say who signed what"
import json, sys
f = json.load(open(sys.argv[1]))["files"][0]
vendor = f["signatures"][0]["signer"]["cvr"]
assert len(f["signatures"]) == 1, f["signatures"]
assert f["cades"]["valid"] and f["cades"]["signer_cvr"] == vendor, f["cades"]
assert f["countersignature"]["valid"] and f["countersignature"]["trusted"], f["countersignature"]
assert f["countersignature"]["signer_cvr"] not in ("", vendor), f["countersignature"]
assert f["attestation"]["valid"], f["attestation"]
PY
openssl_verifies klarmelding.xlsx.p7s
openssl_verifies klarmelding.xlsx.countersign.p7s

# 4. An expired signer certificate: exit 3, the dates named, nothing written.
sha256sum klarmelding.xlsx* >set.sha256
rm klarmelding.xlsx.countersign.p7s
set +e
"$klarmeld" sign klarmelding.xlsx --sign-p12 pki/vendor-expired.p12 --sign-password-file pw.txt >expired.out 2>&1
status=$?
set -e
[ "$status" -eq 3 ] || { cat expired.out; fail "sign with an expired certificate exited $status"; }
grep -Eq "has expired \(valid [0-9TZ:-]+ to [0-9TZ:-]+\)" expired.out || { cat expired.out; fail "no dates named"; }
[ ! -e klarmelding.xlsx.countersign.p7s ] || fail "an expired signer wrote a countersignature"
sha256sum --quiet -c --ignore-missing set.sha256 || fail "an expired signer changed the set"

# 5. A new check over the same workbook removes the countersignature made for the old bytes.
"$klarmeld" sign klarmelding.xlsx --sign-p12 pki/municipality.p12 --sign-password-file pw.txt >/dev/null
set +e
CI=1 "$klarmeld" check --profile pki/profile-conforming.yaml --out klarmelding.xlsx --sign-p12 pki/vendor.p12 \
  --sign-password-env SIGN_PASSWORD --attestation klarmelding.xlsx.intoto.json -q >recheck.out 2>&1
set -e
[ ! -e klarmelding.xlsx.countersign.p7s ] || fail "a stale countersignature stayed beside the new workbook"
"$klarmeld" verify klarmelding.xlsx --trust pki/root-ca.pem >/dev/null || fail "the new set does not verify"
echo "countersign: ok"
