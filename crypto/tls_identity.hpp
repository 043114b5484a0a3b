// Puts an identity (key, certificate, chain) into an OpenSSL TLS context, for a server's certificate
// or a client's certificate in mutual TLS alike.
#pragma once

#include <openssl/ssl.h>

#include "crypto/identity.hpp"

namespace klarmeld::crypto {

// False when OpenSSL refuses the certificate, the key or a chain member, or the key does not match.
bool use_identity(SSL_CTX& context, const Identity& identity);

} // namespace klarmeld::crypto
