// The signer's certificate: found through the signed XAdES digest, checked at the signing time, and
// chained to the caller's trust anchors only (the file's other certificates are untrusted helpers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/handles.hpp"
#include "util/time.hpp"

namespace klarmeld::sign {

struct ChainCheck {
  bool trusted = false;
  std::string problem; // one line for people
  std::string code;    // stable: "trust.no-anchor", "trust.no-chain"
  std::string detail;  // OpenSSL's reason inside `problem`, if any
};

ChainCheck check_chain(X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                       const std::vector<crypto::X509Ptr>& trust_anchors, std::optional<TimePoint> at);

} // namespace klarmeld::sign
