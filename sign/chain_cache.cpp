#include "sign/chain_cache.hpp"

#include <mutex>

namespace klarmeld::sign {
namespace {

// A folder holds files of a few hundred signers at most; beyond that it starts afresh.
constexpr std::size_t chain_cache_limit = 256;

struct CachedChain {
  ChainPolicy policy;
  std::vector<crypto::X509Ptr> key; // signer, untrusted…, nullptr, anchors… (references held)
  crypto::X509StackPtr chain;
};

std::mutex g_chain_mutex;
std::vector<CachedChain>& chain_entries() {
  static auto* entries = new std::vector<CachedChain>(); // never freed: used until exit
  return *entries;
}

bool chain_key_matches(const CachedChain& entry, ChainPolicy policy, X509* signer,
                       const std::vector<crypto::X509Ptr>& untrusted,
                       const std::vector<crypto::X509Ptr>& trust_anchors) {
  const std::vector<crypto::X509Ptr>& key = entry.key;
  if (entry.policy != policy || key.size() != 2 + untrusted.size() + trust_anchors.size() || key[0].get() != signer) {
    return false;
  }
  std::size_t i = 1;
  for (const crypto::X509Ptr& certificate : untrusted) {
    if (key[i++].get() != certificate.get()) {
      return false;
    }
  }
  if (key[i++] != nullptr) {
    return false;
  }
  for (const crypto::X509Ptr& anchor : trust_anchors) {
    if (key[i++].get() != anchor.get()) {
      return false;
    }
  }
  return true;
}

crypto::X509Ptr new_chain_reference(X509* certificate) {
  if (certificate != nullptr) {
    X509_up_ref(certificate);
  }
  return crypto::X509Ptr(certificate);
}

// X509_verify_cert's check_cert_time: notBefore strictly before the time, notAfter strictly after;
// an unparsable time (0) fails as it does there.
bool chain_certificate_valid_at(X509* certificate, std::time_t* at) {
  return X509_cmp_time(X509_get0_notBefore(certificate), at) < 0 &&
         X509_cmp_time(X509_get0_notAfter(certificate), at) > 0;
}

} // namespace

crypto::X509StackPtr known_valid_chain(ChainPolicy policy, X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                                       const std::vector<crypto::X509Ptr>& trust_anchors,
                                       std::optional<std::time_t> at) {
  std::time_t when = at.value_or(0);
  std::time_t* time = at ? &when : nullptr;
  std::lock_guard lock(g_chain_mutex);
  for (const CachedChain& entry : chain_entries()) {
    if (!chain_key_matches(entry, policy, signer, untrusted, trust_anchors)) {
      continue;
    }
    for (int i = 0; i < sk_X509_num(entry.chain.get()); ++i) {
      if (!chain_certificate_valid_at(sk_X509_value(entry.chain.get(), i), time)) {
        return nullptr;
      }
    }
    return crypto::X509StackPtr(X509_chain_up_ref(entry.chain.get()));
  }
  return nullptr;
}

void remember_valid_chain(ChainPolicy policy, X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                          const std::vector<crypto::X509Ptr>& trust_anchors, crypto::X509StackPtr chain) {
  if (!chain) {
    return;
  }
  CachedChain entry;
  entry.policy = policy;
  entry.key.push_back(new_chain_reference(signer));
  for (const crypto::X509Ptr& certificate : untrusted) {
    entry.key.push_back(new_chain_reference(certificate.get()));
  }
  entry.key.push_back(nullptr);
  for (const crypto::X509Ptr& anchor : trust_anchors) {
    entry.key.push_back(new_chain_reference(anchor.get()));
  }
  entry.chain = std::move(chain);
  std::lock_guard lock(g_chain_mutex);
  for (const CachedChain& known : chain_entries()) {
    if (chain_key_matches(known, policy, signer, untrusted, trust_anchors)) {
      return; // another thread got there first
    }
  }
  if (chain_entries().size() >= chain_cache_limit) {
    chain_entries().clear();
  }
  chain_entries().push_back(std::move(entry));
}

} // namespace klarmeld::sign
