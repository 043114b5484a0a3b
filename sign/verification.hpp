// What `klarmeld verify` found, per package and per signature: plain data, ready for text or JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sign/cades.hpp"
#include "util/time.hpp"

namespace klarmeld::sign {

// One reason a signature (or the package) is not valid, attributed to a part or reference.
struct Problem {
  std::string code;    // stable: "part.modified", "part.missing", "part.not-covered", "certificate.expired" …
  std::string part;    // the package part concerned ("/xl/workbook.xml"), or the signature part
  std::string message; // one line for people
};

struct SignatureReport {
  std::string part;     // "/_xmlsignatures/sig1.xml"
  bool valid = false;   // intact, covers every signable part, certificate valid at signing time
  bool trusted = false; // and the signer chains to a given trust anchor
  std::vector<Problem> problems;
  std::string trust_problem;        // why not trusted: one line for people
  std::string trust_problem_code;   // stable: "trust.no-anchor", "trust.no-chain"
  std::string trust_problem_detail; // OpenSSL's reason inside trust_problem, if any

  std::string signer_subject;
  std::string signer_issuer;
  std::string signer_cvr;
  std::string signer_serial;
  std::string signer_sha256;
  std::optional<TimePoint> signing_time; // XAdES SigningTime (signed)
  std::optional<TimePoint> certificate_not_before;
  std::optional<TimePoint> certificate_not_after;
  bool certificate_valid_at_signing_time = false;
  std::string comment; // SignatureInfoV1 SignatureComments
  std::vector<std::string> covered_parts;
};

struct PackageReport {
  std::string path;
  std::vector<Problem> problems; // about the package as a whole (unreadable, unsigned, stray parts)
  std::vector<SignatureReport> signatures;
  std::optional<CadesReport> cades;            // when FILE.p7s exists
  std::optional<CadesReport> countersignature; // when FILE.countersign.p7s exists

  // No package problem, at least one signature, every signature (and each detached one) valid.
  bool valid() const;
  bool trusted() const; // valid, and every signature (and each detached one) trusted
};

} // namespace klarmeld::sign
