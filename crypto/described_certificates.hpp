// crypto::describe of a certificate, worked out once per distinct certificate (by its exact DER
// bytes): the same signer, CA and server certificates recur in every file `aggregate` checks and in
// every response of a rollout, and describing one formats two names and a fingerprint
// (docs/performance.md §6 and §Aggregate, session 11). Nothing about trust is remembered.
#pragma once

#include <openssl/x509.h>

#include "crypto/certificate_info.hpp"

namespace klarmeld::crypto {

// The description crypto::describe gives. Thread-safe; bounded (starts afresh when full).
CertificateInfo describe_remembered(X509* certificate);

} // namespace klarmeld::crypto
