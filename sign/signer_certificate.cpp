#include "sign/signer_certificate.hpp"

#include <cctype>
#include <ctime>

#include "sign/chain_cache.hpp"

namespace klarmeld::sign {

ChainCheck check_chain(X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                       const std::vector<crypto::X509Ptr>& trust_anchors, std::optional<TimePoint> at) {
  ChainCheck check;
  if (trust_anchors.empty()) {
    check.problem = "no trust anchor was given (--trust)";
    check.code = "trust.no-anchor";
    return check;
  }
  std::optional<std::time_t> when;
  if (at) {
    when = Clock::to_time_t(*at);
  }
  // The same signer's chain was accepted for an earlier file and is valid at this file's time.
  if (known_valid_chain(ChainPolicy::PackageSignature, signer, untrusted, trust_anchors, when)) {
    check.trusted = true;
    return check;
  }
  crypto::X509StorePtr store(X509_STORE_new());
  for (const crypto::X509Ptr& anchor : trust_anchors) {
    X509_STORE_add_cert(store.get(), anchor.get());
  }
  crypto::X509StackPtr chain(sk_X509_new_null());
  for (const crypto::X509Ptr& certificate : untrusted) {
    X509_up_ref(certificate.get());
    sk_X509_push(chain.get(), certificate.get());
  }
  crypto::X509StoreCtxPtr context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), store.get(), signer, chain.get());
  X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(context.get());
  // Partial chains are fine: an issuing CA given as anchor is trusted as such (RFC 5280 §6.1 trust anchor).
  X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_PARTIAL_CHAIN);
  if (when) {
    X509_VERIFY_PARAM_set_time(parameters, *when);
  }
  if (X509_verify_cert(context.get()) == 1) {
    check.trusted = true;
    remember_valid_chain(ChainPolicy::PackageSignature, signer, untrusted, trust_anchors,
                         crypto::X509StackPtr(X509_STORE_CTX_get1_chain(context.get())));
  } else {
    int error = X509_STORE_CTX_get_error(context.get());
    check.code = "trust.no-chain";
    check.detail = X509_verify_cert_error_string(error);
    check.problem = "no chain to a given trust anchor: " + check.detail;
  }
  return check;
}

} // namespace klarmeld::sign
