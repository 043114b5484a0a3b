#include "sign/signer_certificate.hpp"

#include <cctype>
#include <ctime>

namespace klarmeld::sign {

ChainCheck check_chain(X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                       const std::vector<crypto::X509Ptr>& trust_anchors, std::optional<TimePoint> at) {
  ChainCheck check;
  if (trust_anchors.empty()) {
    check.problem = "no trust anchor was given (--trust)";
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
  if (at) {
    X509_VERIFY_PARAM_set_time(parameters, Clock::to_time_t(*at));
  }
  if (X509_verify_cert(context.get()) == 1) {
    check.trusted = true;
  } else {
    int error = X509_STORE_CTX_get_error(context.get());
    check.problem = std::string("no chain to a given trust anchor: ") + X509_verify_cert_error_string(error);
  }
  return check;
}

} // namespace klarmeld::sign
