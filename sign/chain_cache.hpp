// Chains that X509_verify_cert accepted, kept per (signer, the file's other certificates, trust
// anchors), so the signature checks of `aggregate` build and verify a signer's chain once per process
// instead of once per file (docs/performance.md, Aggregate). Only the time-independent part is reused
// — that the chain's signatures verify and it ends at an anchor; whether every certificate of it was
// valid at this file's time is checked per file (RFC 5280 §6.1.3 (a)(2)), and a chain not valid then
// is verified afresh, so the reason reported is OpenSSL's, as without the cache.
#pragma once

#include <ctime>
#include <optional>
#include <vector>

#include "crypto/handles.hpp"

namespace klarmeld::sign {

// Which verification accepted the chain: the package signature's check (partial chains allowed) and
// the detached CAdES check (OpenSSL's CMS "smime_sign" defaults, no partial chains) may disagree
// about one certificate set, so a chain one accepted never answers for the other.
enum class ChainPolicy { PackageSignature, DetachedCades };

// The chain accepted before for exactly these certificate objects under `policy`, when each of its
// certificates is valid at `at` (now when nullopt), with X509_verify_cert's own comparisons; null
// otherwise. The stack returned holds its own references (X509_chain_up_ref).
// Certificates are compared by object: sign/certificate_cache hands out one object per DER, and an
// entry holds references, so an address is never reused for another certificate while it is cached.
crypto::X509StackPtr known_valid_chain(ChainPolicy policy, X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                                       const std::vector<crypto::X509Ptr>& trust_anchors,
                                       std::optional<std::time_t> at);

// Records the chain X509_verify_cert just accepted under `policy` (X509_STORE_CTX_get1_chain's).
// Thread-safe; bounded (starts afresh when full).
void remember_valid_chain(ChainPolicy policy, X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                          const std::vector<crypto::X509Ptr>& trust_anchors, crypto::X509StackPtr chain);

} // namespace klarmeld::sign
