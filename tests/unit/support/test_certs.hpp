// Test keys and certificates made in-process with the OpenSSL API (no key material in the repo), and
// a scratch directory for files handed to independent tools (xmlsec1).
#pragma once

#include <string>

#include "crypto/identity.hpp"

namespace klarmeld::testing {

struct CertificateSpec {
  std::string common_name = "klarmeld test";
  std::string cvr;           // adds organizationIdentifier NTRDK-<cvr> (OCES3 form) when set
  long not_before_days = -1; // relative to now
  long not_after_days = 365;
  const crypto::Identity* issuer = nullptr; // self-signed when null
  bool ca = false;
};

// RSA-2048 key + X.509 v3 certificate. Aborts the test (doctest REQUIRE) on OpenSSL failure.
crypto::Identity make_identity(const CertificateSpec& spec);
crypto::Identity make_identity(const std::string& common_name);

// A fresh directory under the system temp dir, removed by the destructor.
class ScratchDirectory {
public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return m_path; }
  std::string write(const std::string& name, const std::string& content) const; // returns the full path

private:
  std::string m_path;
};

} // namespace klarmeld::testing
