#!/usr/bin/env bash
# saml.sso (SF1511.6–18) and saml.slo (SF1515.1) against the simulated SP (issue #16): the real
# binary logs in as the Context Handler, the conforming SP logs a correct login in and refuses every
# forged one, and saml.slo logs out the session saml.sso opened. Then, with the scenario faults that
# drop the SP's login checks, every forged case is Nej with its finding: each finding is proven to fire.
set -euo pipefail
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
fixture="$KLARMELD_PREFIX/bin/klarmeld-fixture"
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
KLARMELD_FIXTURE_P12_PASSWORD="$(head -c 18 /dev/urandom | base64)"
export KLARMELD_FIXTURE_P12_PASSWORD

# Runs `klarmeld check --only SF1511,SF1515` against a fixture serving the conforming scenario with
# SF1511's faults set to $2 and prints "id verdict | reason" for SF1511.6–18 and SF1515.1.
run_case() {
  local name=$1 faults=$2
  sed "s/^  SF1511: {}$/  SF1511: { faults: [$faults] }/" \
    "$KLARMELD_PREFIX/share/klarmeld/scenarios/conforming.yaml" > "scenario-$name.yaml"
  grep -q "faults: \[$faults\]" "scenario-$name.yaml" || [ -z "$faults" ]
  mkdir -p "pki-$name"
  "$fixture" serve --scenario "scenario-$name.yaml" --pki-out "pki-$name" --no-beskedfordeler >"fixture-$name.out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do [ -s "pki-$name/profile-conforming.yaml" ] && break; sleep 0.5; done
  local rc=0
  "$klarmeld" check --profile "pki-$name/profile-conforming.yaml" --only SF1511,SF1515 \
    --json "result-$name.json" -q >"check-$name.out" 2>&1 || rc=$?
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "exit $rc" > "exit-$name"
  "$PYTHON" - "result-$name.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
for interface in result["interfaces"]:
    for c in interface["criteria"]:
        if c["method"] == "probe:saml.sso" or c["id"] == "SF1515.1":
            print(c["id"], c["verdict"], "|", c["reason"])
PY
}

expect() { # expect OUTPUT ID VERDICT [REASON-PREFIX]
  local line
  line=$(grep "^$2 " <<<"$1") || { echo "no $2 in: $1"; exit 1; }
  case "$line" in
    "$2 $3 | ${4:-}"*) ;;
    *) echo "expected $2 $3 ${4:+(\"$4…\")}, got: $line"; exit 1 ;;
  esac
}

all=$(run_case conforming "")
echo "$all"
expect "$all" SF1511.6 ja "logged in as klarmeld-testbruger after a signed AuthnRequest _"
for id in 7 8 9 10 11 12 13 14 15 16 17 18; do
  expect "$all" "SF1511.$id" ja "the SP refused "
done
expect "$all" SF1511.8 ja "the SP refused an assertion whose NameID was changed after signing: the ACS answered HTTP 403, the protected page HTTP 302 (not logged in)"
expect "$all" SF1515.1 ja "signed LogoutResponse with status Success"
grep -q "; the protected page then answered HTTP 302 (logged out)" <<<"$all" || { echo "SLO did not check the session ended"; exit 1; }

# Every fault at once: each forged case is then accepted, so each finding must fire (Nej naming the
# case), while the correct login stays Ja. Which check guards which case: docs/fixtures.md.
faults="sso_no_signature_check, sso_no_time_check, sso_no_audience_check, sso_no_destination_check"
faults+=", sso_no_issuer_check, sso_no_in_response_to_check, sso_no_replay_check"
forged=$(run_case faults "$faults")
echo "$forged"
expect "$forged" SF1511.6 ja
for id in 7 8 9 10 11 12 13 14 15 16 17 18; do
  expect "$forged" "SF1511.$id" nej "the SP logged the user in with "
done
expect "$forged" SF1511.9 nej "the SP logged the user in with signature wrapping (an unsigned assertion for another user, the signed one moved into Extensions): the ACS answered HTTP 302, the protected page HTTP 200"
grep -q "^exit 1" exit-faults || { echo "a Nej run must exit 1"; exit 1; }
echo "sso: ok"
