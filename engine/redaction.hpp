// Secrets out of recorded exchanges: SAML assertions, access tokens, Authorization header values,
// passwords and CPR numbers become "sha256:<hex>" of the secret text, so evidence can still show
// *that* the same token was reused without revealing it.
#pragma once

#include <string>
#include <string_view>

namespace klarmeld::engine {

std::string redact_secrets(std::string_view text);

// "sha256:<hex>" of a secret.
std::string secret_digest(std::string_view secret);

} // namespace klarmeld::engine
