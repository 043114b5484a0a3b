#include "crypto/tls_identity.hpp"

namespace klarmeld::crypto {

bool use_identity(SSL_CTX& context, const Identity& identity) {
  if (SSL_CTX_use_certificate(&context, identity.certificate.get()) != 1 ||
      SSL_CTX_use_PrivateKey(&context, identity.key.get()) != 1) {
    return false;
  }
  for (const auto& member : identity.chain) {
    // The root is the peer's trust anchor; sending it is allowed (RFC 8446 §4.4.2) but pointless.
    if (X509_check_issued(member.get(), member.get()) == X509_V_OK) {
      continue;
    }
    if (SSL_CTX_add1_chain_cert(&context, member.get()) != 1) {
      return false;
    }
  }
  return SSL_CTX_check_private_key(&context) == 1;
}

} // namespace klarmeld::crypto
