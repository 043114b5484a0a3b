"""Writes the klarmeld profiles of tests/e2e/test_mellon.sh and reads its results back, each in one
Python run (an interpreter start costs about half a second of CPU on CI's shared cores).

  mellon_profile.py profiles SOURCE CA_BUNDLE BASE_URL NAME:KIND:LOCATION:NAME_ID[:ATTRIBUTE_SET]...
      profile-NAME.yaml for each check, from the fixture's profile SOURCE with CA_BUNDLE as its
      ca_bundle. KIND slo: SF1515 pointed at the mellon SP at BASE_URL+LOCATION, logging out NAME_ID
      named by hand (no saml.sso session); slo-system-key: the same without credentials.idp, so
      klarmeld signs as the IdP with the system certificate. KIND sso: SF1511 and SF1515 pointed at that SP (its
      /mellon/ endpoints and /app/index.html), logging in and out as NAME_ID, so that checks run
      side by side never share a mellon session. ATTRIBUTE_SET legacy sends the dk:gov:saml:attribute:*
      set. The page must show that set's specVersion and the profile municipality's CVR (user_text).
  mellon_profile.py outcomes NAME...
      From result-NAME.json, outcomes-NAME.txt with one line per SF1511/SF1515 criterion judged by a
      probe, "id verdict | reason", and facts-NAME.txt with one line per fact, "id key=value".
"""
import json
import sys


def write_profiles(source, ca_bundle, base_url, specs):
    import yaml  # only here: the outcomes never need it

    for spec in specs:
        name, kind, location, name_id, *attribute_set = spec.split(":", 4)
        profile = yaml.safe_load(open(source))
        profile["credentials"]["ca_bundle"] = ca_bundle
        sp_url = base_url + location
        interfaces = profile["environment"]["interfaces"]
        interfaces["SF1515"]["url"] = sp_url + "/mellon/logout"
        interfaces["SF1515"]["options"] = {"metadata_url": sp_url + "/mellon/metadata"}
        if kind == "slo-system-key":
            del profile["credentials"]["idp"]
        if kind.startswith("slo"):
            interfaces["SF1515"]["options"]["name_id"] = name_id
        else:
            interfaces["SF1511"]["url"] = sp_url + "/mellon/metadata"
            cvr = profile["pilot_municipality"]["cvr"]
            shown = ("legacy: DK-SAML-2.0" if attribute_set == ["legacy"] else "OIOSAML 3: OIO-SAML-3.0") + " cvr " + cvr
            interfaces["SF1511"]["options"] = {"protected_url": sp_url + "/app/index.html",
                                               "idp_sso_url": "https://idp.invalid/sso",
                                               "user_text": shown, "name_id": name_id}
            if attribute_set:
                interfaces["SF1511"]["options"]["attribute_set"] = attribute_set[0]
        yaml.safe_dump(profile, open("profile-" + name + ".yaml", "w"), allow_unicode=True)


def write_outcomes(names):
    for name in names:
        result = json.load(open("result-" + name + ".json"))
        with open("outcomes-" + name + ".txt", "w") as outcomes, open("facts-" + name + ".txt", "w") as facts:
            for interface in result["interfaces"]:
                if interface["id"] not in ("SF1511", "SF1515"):
                    continue
                for criterion in interface["criteria"]:
                    if not criterion["method"].startswith("probe:"):
                        continue
                    print(criterion["id"], criterion["verdict"], "|", criterion["reason"], file=outcomes)
                    for fact in criterion.get("facts", []):
                        print(criterion["id"], fact["key"] + "=" + fact["value"], file=facts)


if __name__ == "__main__":
    if sys.argv[1] == "profiles":
        write_profiles(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        write_outcomes(sys.argv[2:])
