// Detached CAdES-BES (ETSI EN 319 122-1) over the whole file, as DER: FILE.xlsx.p7s. Anyone can check
// it with `openssl cms -verify -binary -inform DER -in F.xlsx.p7s -content F.xlsx -CAfile ca.pem`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/identity.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::sign {

Result<std::string> create_detached_cades(std::string_view content, const crypto::Identity& signer);

struct CadesReport {
  bool valid = false;   // the signature matches the content (and the signer certificate is intact)
  bool trusted = false; // the signer chains to a given trust anchor
  std::string problem;  // why not valid / not trusted: one line for people
  // The same, for programs: a stable code ("cades.malformed", "cades.content-mismatch", "trust.no-anchor",
  // "trust.no-chain", …) and the third-party reason inside `problem` (OpenSSL's words), if any.
  std::string problem_code;
  std::string problem_detail;
  std::string signer_subject;
  std::string signer_cvr;
  std::optional<TimePoint> signing_time; // the signingTime signed attribute
};

// content_sha256: the 32 bytes of SHA-256(content) when the caller has taken them anyway (aggregate
// does, for the file's identity); empty: OpenSSL digests the content itself. Either way the same
// report for the same bytes.
CadesReport verify_detached_cades(std::string_view content, std::string_view p7s_der,
                                  const std::vector<crypto::X509Ptr>& trust_anchors,
                                  std::string_view content_sha256 = {});

} // namespace klarmeld::sign
