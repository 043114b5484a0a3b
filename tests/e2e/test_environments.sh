#!/usr/bin/env bash
# KOMBIT's environments as data (issue #15): the installed `klarmeld environment show` prints KOMBIT's
# values with their sources (text and --json), an unknown environment is exit 2; and a profile in the
# short form (`environment: eksterntest` + the vendor's own endpoints as loopback overrides) checks the
# simulator with the entityIDs of the environment file, with the same verdicts as the map form.
set -euo pipefail
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"

# 1. environment show: the installed files, every value with a source.
"$klarmeld" environment show >show.txt
grep -q "^KOMBIT eksterntest (eksterntest" show.txt || { echo "no heading"; cat show.txt; exit 1; }
grep -q "entity_id: http://entityid.kombit.dk/service/ydi/ydelseindeks/6" show.txt || { echo "SF1490 missing"; exit 1; }
grep -q "source: kombit/kosdy_infrastructureSamples-java" show.txt || { echo "no sources"; exit 1; }
grep -q "operation virksomhed/soeg: action http://kombit.dk/sts/organisation/virksomhed/soeg" show.txt ||
  { echo "no SOAP action from the operation table"; cat show.txt; exit 1; }
# SOAP version per operation (SF1470's binding is SOAP 1.1 with the Liberty header, the others 1.2).
grep -A1 "operation sagdokumentindeks/importer:" show.txt | grep -q "SOAP 1.1 with the Liberty Framework header" ||
  { echo "SF1470 not shown as SOAP 1.1 + Liberty"; cat show.txt; exit 1; }
grep -A1 "operation virksomhed/soeg:" show.txt | grep -q "SOAP 1.2, posted to" ||
  { echo "SF1500 not shown as SOAP 1.2"; cat show.txt; exit 1; }
"$klarmeld" environment show produktion --json >prod.json
"$PYTHON" - prod.json <<'PY'
import json, sys
env = json.load(open(sys.argv[1]))
assert env["id"] == "produktion", env["id"]
assert env["file"].endswith("share/klarmeld/criteria/environments/produktion.yaml"), env["file"]
values = list(env["sts"].values())
for service in env["interfaces"].values():
    values += [service[k] for k in ("url", "entity_id") if k in service]
    values += list(service.get("options", {}).values())
assert values and all(v["value"] and v["source"] for v in values), "a value without source"
inferred = [v for v in values if v["source"].startswith("inferred")]
assert inferred, "production values without a public source must say so"
assert env["interfaces"]["SF1601"]["url"]["value"] == "https://prod.serviceplatformen.dk/services/KombiPostAfsend_1/kombi"
ops = env["interfaces"]["SF1500"]["operations"]
assert any(o["action"] == "http://kombit.dk/sts/organisation/virksomhed/soeg" for o in ops), ops
assert all(o["soap_version"] == "1.2" and not o["liberty_framework"] for o in ops), ops
sf1470 = env["interfaces"]["SF1470"]["operations"]
assert any(o["soap_version"] == "1.1" and o["liberty_framework"] for o in sf1470), sf1470
print(f"environment show --json ok: {len(values)} values, {len(inferred)} inferred")
PY
set +e
"$klarmeld" environment show eksterntst >unknown.out 2>&1
status=$?
set -e
[ "$status" -eq 2 ] || { echo "unknown environment: exit $status, expected 2"; cat unknown.out; exit 1; }
grep -q "known: eksterntest, produktion" unknown.out || { echo "no list of environments"; cat unknown.out; exit 1; }

# 2. A profile naming an unknown environment: exit 2 with file:line, nothing written.
"$klarmeld" profile init --vendor "Eksempel A/S" --system "Sag" --kommune Aarhus --out fresh.yaml >/dev/null 2>&1
grep -q "^environment: eksterntest$" fresh.yaml || { echo "profile init must write the short form"; exit 1; }
sed 's/^environment: eksterntest$/environment: eksterntst/' fresh.yaml >typo.yaml
set +e
"$klarmeld" check --profile typo.yaml --out typo.xlsx >typo.out 2>&1
status=$?
set -e
[ "$status" -eq 2 ] || { echo "typo in environment: exit $status, expected 2"; cat typo.out; exit 1; }
grep -q "typo.yaml:[0-9]*:[0-9]*: .*'eksterntst' is not a KOMBIT environment" typo.out ||
  { echo "no file:line"; cat typo.out; exit 1; }
[ ! -e typo.xlsx ] || { echo "an input error must not write a workbook"; exit 1; }

# 3. The short form against the simulator: KOMBIT's entityIDs from the environment file, the simulator's
# loopback URLs as overrides (the simulator answers to the same entityIDs).
export KLARMELD_FIXTURE_P12_PASSWORD="$(random_secret environments-test-)"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
start_fixture conforming pki
"$PYTHON" - pki/profile-conforming.yaml short.yaml <<'PY'
import sys, yaml
profile = yaml.safe_load(open(sys.argv[1]))
environment = profile.pop("environment")
kombit_services = {"SF1460_A", "SF1460_B", "SF1460_C", "SF1470", "SF1490", "SF1500", "SF1510", "SF1601", "SF1514"}
endpoints = {}
for service, entry in environment["interfaces"].items():
    if service in kombit_services:
        entry = dict(entry)
        del entry["entity_id"]          # from criteria/environments/eksterntest.yaml
        if service == "SF1601":
            entry["options"] = {k: v for k, v in entry.get("options", {}).items() if k != "postforespoerg_entity_id"}
    endpoints[service] = entry
sts = dict(environment["sts"])
del sts["issuer"]                       # KOMBIT's issuer, which the simulator's STS also uses
short = {"environment": "eksterntest", "sts": sts, "endpoints": endpoints}
short.update(profile)
yaml.safe_dump(short, open(sys.argv[2], "w"), sort_keys=False, allow_unicode=True)
PY
grep -q "^environment: eksterntest$" short.yaml || { echo "not the short form"; cat short.yaml; exit 1; }
! grep -q "entityid.kombit.dk" short.yaml || { echo "the short form must not repeat KOMBIT's entityIDs"; exit 1; }
set +e
CI=1 timeout 300 "$klarmeld" check --profile pki/profile-conforming.yaml --out map.xlsx --json map.json -q >map.out 2>&1
map_status=$?
CI=1 timeout 300 "$klarmeld" check --profile short.yaml --out short.xlsx --json short.json -q >short.out 2>&1
short_status=$?
set -e
[ "$short_status" -eq "$map_status" ] || { echo "short form exit $short_status, map form $map_status"; cat short.out; exit 1; }
# The conforming vendor: ready, or (without manual evidence) awaiting documentation; never "not ready".
[[ "$short_status" =~ ^(0|5)$ ]] || { echo "conforming vendor: exit $short_status"; cat short.out; exit 1; }
"$PYTHON" - map.json short.json <<'PY'
import json, sys
def verdicts(path):
    result = json.load(open(path))
    return {c["id"]: c["verdict"] for i in result["interfaces"] for c in i["criteria"]}
map_form, short_form = verdicts(sys.argv[1]), verdicts(sys.argv[2])
assert map_form == short_form, {k: (map_form[k], short_form.get(k)) for k in map_form if map_form[k] != short_form.get(k)}
probed = [k for k in ("SF1490.1", "SF1500.2", "SF1500.3", "SF1510.2") if short_form.get(k) == "ja"]
assert len(probed) == 4, short_form
print(f"short form: {len(short_form)} criteria, same verdicts as the map form")
PY
echo "environments: ok"
