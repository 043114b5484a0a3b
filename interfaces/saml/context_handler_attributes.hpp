// The attributes KOMBIT's Context Handler puts in the assertion it sends a user-facing system
// (SF1511): the OIOSAML 3 / NSIS set (OIO SAML Web SSO Profile 3.0.x §3.3–3.5, "OIO-SAML-3.0"), or the
// older set of OIOSAML 2 (`dk:gov:saml:attribute:*`, OIO Web SSO Profile 2.0.9) that systems built
// before it read. Names spelled once here; the KOMBIT-specific version names are inferred
// (docs/kombit-notes.md, "User-facing systems") and must be checked against KOMBIT's description.
#pragma once

#include <string>
#include <vector>

#include "interfaces/saml/assertion.hpp"
#include "util/base64.hpp"

namespace klarmeld::saml::context_handler {

// OIO Basic Privilege Profile 1.2: privileges per CVR scope, base64 in the intermediate attribute.
inline std::string privilege_list(const std::string& cvr, const std::string& privilege) {
  return "<bpp:PrivilegeList xmlns:bpp=\"http://itst.dk/oiosaml/basic_privilege_profile\">"
         "<PrivilegeGroup Scope=\"urn:dk:gov:saml:cvrNumberIdentifier:" +
         cvr + "\"><Privilege>" + privilege + "</Privilege></PrivilegeGroup></bpp:PrivilegeList>";
}

// The test user's one privilege: a user-system role in klarmeld's own (invalid) name space.
inline constexpr const char* test_privilege = "http://klarmeld.invalid/roles/usersystemrole/testbruger/1";

inline std::vector<AssertionAttribute> oiosaml3(const std::string& cvr) {
  return {
      {"https://data.gov.dk/model/core/specVersion", {"OIO-SAML-3.0"}},
      {"https://data.gov.dk/model/core/kombitSpecVer", {"2.0"}},
      {"https://data.gov.dk/concept/core/nsis/loa", {"Substantial"}},
      {"https://data.gov.dk/model/core/eid/professional/cvr", {cvr}},
      {"https://data.gov.dk/model/core/eid/privilegesIntermediate",
       {base64_encode(privilege_list(cvr, test_privilege))}},
  };
}

inline std::vector<AssertionAttribute> legacy(const std::string& cvr) {
  return {
      {"dk:gov:saml:attribute:SpecVer", {"DK-SAML-2.0"}},
      {"dk:gov:saml:attribute:KombitSpecVer", {"1.0"}},
      {"dk:gov:saml:attribute:AssuranceLevel", {"3"}},
      {"dk:gov:saml:attribute:CvrNumberIdentifier", {cvr}},
      {"dk:gov:saml:attribute:Privileges_intermediate", {base64_encode(privilege_list(cvr, test_privilege))}},
  };
}

} // namespace klarmeld::saml::context_handler
