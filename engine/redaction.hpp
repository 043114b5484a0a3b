// Secrets out of recorded exchanges: SAML assertions, access tokens, Authorization header values,
// passwords and CPR numbers become "hmac-sha256:<hex>", a keyed digest under the run's own random
// key (crypto/keyed_digest.hpp). Within one run the same value always gives the same digest, so
// evidence still shows *that* a token was reused or two messages name the same person; no digest can
// be reversed by trying values (the key is never written), and runs cannot be matched with each other.
#pragma once

#include <string>
#include <string_view>

#include "crypto/keyed_digest.hpp"

namespace klarmeld::engine {

// What a redacted value is replaced by starts with this.
inline constexpr std::string_view secret_digest_prefix = "hmac-sha256:";

std::string redact_secrets(std::string_view text, const crypto::KeyedDigest& key);

// "hmac-sha256:<hex>" of a secret under the run's key.
std::string secret_digest(std::string_view secret, const crypto::KeyedDigest& key);

} // namespace klarmeld::engine
