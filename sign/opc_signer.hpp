// Adds an ECMA-376 Part 2 package signature (sigN.xml) to an OPC package, the way office suites do.
// A package that is already signed gets a further, independent signature (a countersignature) over
// the same parts; the earlier signatures stay valid because only _xmlsignatures/ parts and
// [Content_Types].xml change, and neither is covered by any signature.
#pragma once

#include <string>

#include "crypto/identity.hpp"
#include "sign/package.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::sign {

struct SignOptions {
  TimePoint signing_time = Clock::now();
  std::string comment = "Klarmelding"; // SignatureComments: what the signer vouches for
  bool cades = true;                   // sign_file: also write FILE.p7s (detached CAdES-BES)
};

struct SignOutcome {
  std::string signature_part; // "_xmlsignatures/sig1.xml"
  bool countersignature = false;
  std::string cades_path; // empty when not written
};

// In memory: adds the signature parts, relationships and content types to the package.
Result<SignOutcome> add_package_signature(Package& package, const crypto::Identity& signer, const SignOptions& options);
// Reads PATH, signs (or countersigns), writes it back atomically, then the .p7s over the final bytes.
Result<SignOutcome> sign_file(const std::string& path, const crypto::Identity& signer, const SignOptions& options);

} // namespace klarmeld::sign
