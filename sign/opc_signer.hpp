// Adds an ECMA-376 Part 2 package signature (sigN.xml) to an OPC package, the way office suites do.
// A package that is already signed gets a further, independent signature (a countersignature) over
// the same parts; the earlier signatures stay valid because only _xmlsignatures/ parts and
// [Content_Types].xml change, and neither is covered by any signature.
#pragma once

#include <string>
#include <string_view>

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

// A workbook signed in memory, before it is written anywhere: its bytes with the package signature,
// and (options.cades) the detached CAdES over exactly those bytes. The one way `check` and `sign`
// sign a workbook.
struct SignedWorkbook {
  std::string workbook;
  std::string cades; // empty without options.cades
  SignOutcome outcome;
};
Result<SignedWorkbook> sign_workbook_bytes(std::string_view workbook, const crypto::Identity& signer,
                                           const SignOptions& options);

// Reads PATH, adds a package signature (sigN.xml), and replaces PATH and FILE.p7s as one output set
// (util/output_set.hpp); the old attestation and countersignature, which vouch for the old bytes, go.
Result<SignOutcome> sign_file(const std::string& path, const crypto::Identity& signer, const SignOptions& options);

} // namespace klarmeld::sign
