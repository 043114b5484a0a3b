// Verifies every package signature in an OPC file (and FILE.p7s when present) against the given trust
// anchors only — nothing the file carries is trusted by itself. Never throws; never reads outside the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/handles.hpp"
#include "sign/detached_signatures.hpp"
#include "sign/package.hpp"
#include "sign/verification.hpp"

namespace klarmeld::sign {

// The package signatures, FILE.p7s and FILE.countersign.p7s (sign/detached_signatures.hpp).
PackageReport verify_package(const std::string& path, const std::vector<crypto::X509Ptr>& trust_anchors);
// The same on bytes in memory, with the detached signatures read beside the file (or none).
PackageReport verify_package_bytes(std::string_view bytes, const std::string& name,
                                   const std::vector<crypto::X509Ptr>& trust_anchors,
                                   const DetachedSignatures& detached);
// `p7s` is the detached CAdES signature, if any.
PackageReport verify_package_bytes(std::string_view bytes, const std::string& name,
                                   const std::vector<crypto::X509Ptr>& trust_anchors,
                                   std::optional<std::string_view> p7s = std::nullopt);

// The report and the parts exactly as verified, each inflated once: a reader that goes on to the
// content (taskforce aggregate) reads what the signatures cover without inflating it again.
// `package` is empty when the archive could not be read. `bytes_sha256`, when not empty, is the
// SHA-256 (32 bytes) of `bytes` the caller took already; the detached signatures' content digest
// uses it instead of a second pass (sign/cades.hpp), with the same report.
struct VerifiedPackage {
  PackageReport report;
  Package package;
};
VerifiedPackage verify_package_keeping_parts(std::string_view bytes, const std::string& name,
                                             const std::vector<crypto::X509Ptr>& trust_anchors,
                                             const DetachedSignatures& detached, std::string_view bytes_sha256 = {});

} // namespace klarmeld::sign
