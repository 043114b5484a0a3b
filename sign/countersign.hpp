// `klarmeld sign FILE.xlsx`: an unsigned workbook gets its package signature and FILE.xlsx.p7s; a
// signed one gets a countersignature in FILE.xlsx.countersign.p7s and is left byte for byte as it was,
// so the first signer's package signature, FILE.xlsx.p7s and in-toto attestation all stay valid
// (docs/signing.md "Countersigning").
#pragma once

#include <string>

#include "crypto/identity.hpp"
#include "sign/opc_signer.hpp"
#include "util/result.hpp"

namespace klarmeld::sign {

struct FileSignature {
  bool countersignature = false;
  std::string signature_part;  // "_xmlsignatures/sig1.xml" when the package was signed
  std::string detached_path;   // FILE.xlsx.p7s, or FILE.xlsx.countersign.p7s; empty with --no-cades
  std::string replaced_signer; // the same signer's earlier countersignature, now replaced
};

// Refuses, writing nothing: a signer certificate expired or not yet valid at options.signing_time
// (runtime error), a signed workbook whose signatures are not intact, or one already countersigned by
// someone else (input errors).
Result<FileSignature> sign_or_countersign(const std::string& path, const crypto::Identity& signer,
                                          const SignOptions& options);

} // namespace klarmeld::sign
