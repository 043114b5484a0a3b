// Opening the IdP identity the profile names (credentials.idp): the key and certificate saml.sso and
// saml.slo sign with as the Context Handler. The pre-flight opens it before the first probe, so a
// wrong path, password or key stops the run naming the profile line; the run opens it again to sign.
#pragma once

#include <string>

#include "crypto/identity.hpp"
#include "profile/profile.hpp"
#include "util/result.hpp"

namespace klarmeld::profile {

// The key and certificate, checked to belong together. `failed_key`, when given, receives the
// credentials.idp key an error is about ("password_env", "pkcs12", "key" …), for its profile line.
Result<crypto::Identity> open_idp_identity(const IdpIdentity& idp, std::string* failed_key = nullptr);

} // namespace klarmeld::profile
