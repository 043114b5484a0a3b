// A DER CMS SignedData (RFC 5652 §5.1) with its certificates taken out, so they can be decoded once
// per signer (sign/certificate_cache) instead of once per file: OpenSSL 3's d2i of a certificate runs
// its public-key decoders every time, ≈ 12 % of `aggregate`'s CPU (docs/performance.md, Aggregate).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace klarmeld::sign {

struct CmsWithoutCertificates {
  std::string der;                            // the ContentInfo, SignedData's certificates field left out
  std::vector<std::string_view> certificates; // each Certificate's DER, as the input carries it, in order
};

// nullopt for anything but definite-length DER whose certificates are all plain X.509 Certificates
// (no attribute or other certificate choices): the caller then decodes the bytes as they are.
std::optional<CmsWithoutCertificates> split_cms_certificates(std::string_view der);

} // namespace klarmeld::sign
