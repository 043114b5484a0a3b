// A login session klarmeld opened at the vendor's SP by Web Browser SSO (saml.sso, SF1511), kept for
// the probe that logs it out again (saml.slo, SF1515): the Context Handler only sends a LogoutRequest
// for a session that exists (SAML core §3.7.1: NameID and SessionIndex name it), and only the browser
// cookies show whether the SP really ended it.
#pragma once

#include <string>

namespace klarmeld::saml {

struct SsoSession {
  std::string idp_entity_id; // the Issuer klarmeld logged in with (the LogoutRequest's Issuer)
  std::string name_id;
  std::string session_index;
  std::string protected_url; // the page that answered 200 as the user
  std::string cookies;       // the browser's Cookie header for the SP ("a=b; c=d")
};

} // namespace klarmeld::saml
