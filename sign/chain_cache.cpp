#include "sign/chain_cache.hpp"

#include <mutex>
#include <optional>

namespace klarmeld::sign {
namespace {

// A folder holds files of a few hundred signers at most; beyond that it starts afresh.
constexpr std::size_t chain_cache_limit = 256;

// A certificate's notBefore and notAfter as X509_cmp_time compares them, read once when the chain is
// remembered instead of parsing both ASN.1 times for every file (docs/performance.md, Aggregate);
// nullopt where X509_cmp_time would answer "error" (0).
struct ChainValidity {
  std::optional<std::time_t> not_before;
  std::optional<std::time_t> not_after;
};

struct CachedChain {
  ChainPolicy policy;
  std::vector<crypto::X509Ptr> key; // signer, untrusted…, nullptr, anchors… (references held)
  crypto::X509StackPtr chain;
  std::vector<ChainValidity> validity; // one per certificate of `chain`
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

// OpenSSL 3.0's X509_cmp_time compares only the RFC 5280 §4.1.2.5 forms (UTCTime YYMMDDHHMMSSZ,
// GeneralizedTime YYYYMMDDHHMMSSZ); any other form is an error there, so nullopt here.
std::optional<std::time_t> comparable_time(const ASN1_TIME* time) {
  const int type = ASN1_STRING_type(time);
  const int length = type == V_ASN1_UTCTIME ? 13 : type == V_ASN1_GENERALIZEDTIME ? 15 : 0;
  if (length == 0 || ASN1_STRING_length(time) != length) {
    return std::nullopt;
  }
  const unsigned char* text = ASN1_STRING_get0_data(time);
  for (int i = 0; i < length - 1; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
  }
  std::tm parts{};
  if (text[length - 1] != 'Z' || ASN1_TIME_to_tm(time, &parts) != 1) {
    return std::nullopt;
  }
  return timegm(&parts);
}

ChainValidity validity_of(X509* certificate) {
  return {comparable_time(X509_get0_notBefore(certificate)), comparable_time(X509_get0_notAfter(certificate))};
}

// X509_verify_cert's check_cert_time through X509_cmp_time: notBefore at or before the time,
// notAfter after it; an unreadable time fails as it does there.
bool chain_certificate_valid_at(const ChainValidity& validity, std::time_t at) {
  return validity.not_before && validity.not_after && *validity.not_before <= at && *validity.not_after > at;
}

} // namespace

crypto::X509StackPtr known_valid_chain(ChainPolicy policy, X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                                       const std::vector<crypto::X509Ptr>& trust_anchors,
                                       std::optional<std::time_t> at) {
  std::time_t when = at ? *at : std::time(nullptr); // X509_cmp_time's time when none is set
  std::lock_guard lock(g_chain_mutex);
  for (const CachedChain& entry : chain_entries()) {
    if (!chain_key_matches(entry, policy, signer, untrusted, trust_anchors)) {
      continue;
    }
    for (const ChainValidity& validity : entry.validity) {
      if (!chain_certificate_valid_at(validity, when)) {
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
  for (int i = 0; i < sk_X509_num(chain.get()); ++i) {
    entry.validity.push_back(validity_of(sk_X509_value(chain.get(), i)));
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
