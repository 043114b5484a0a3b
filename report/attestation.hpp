// An in-toto attestation of a readiness run: a Statement (https://in-toto.io/Statement/v1) whose
// subject is the signed spreadsheet's SHA-256 and whose predicate is a test result
// (https://in-toto.io/attestation/test-result/v0.1), wrapped in a DSSE envelope signed with the same
// key as the spreadsheet. Supply-chain tooling can then consume klarmeld results like any test result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/identity.hpp"
#include "engine/assessment.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

inline constexpr const char* intoto_payload_type = "application/vnd.in-toto+json";
inline constexpr const char* intoto_statement_type = "https://in-toto.io/Statement/v1";
inline constexpr const char* test_result_predicate = "https://in-toto.io/attestation/test-result/v0.1";

// PASSED when ready after a complete run, WARNED when only manual evidence is pending or a partial run
// looks ready, FAILED otherwise; predicate.runState carries the run state. passed/failed/warned = criteria Ja
// / Nej / Ikke testet.
std::string build_test_result_statement(const engine::Assessment& assessment, const std::string& subject_name,
                                        const std::string& subject_sha256);

// DSSE v1: signature over PAE("DSSEv1", type, payload). The envelope carries the signer's certificate
// (base64 DER, beside keyid = its SHA-256 fingerprint) so it can be checked offline.
Result<std::string> sign_dsse_envelope(std::string_view payload_type, std::string_view payload,
                                       const crypto::Identity& signer);

struct AttestationReport {
  bool valid = false;        // signature verifies and the subject digest matches the file
  std::string problem;       // why not
  std::string signer_sha256; // fingerprint of the certificate that signed the envelope
  std::string result;        // PASSED / FAILED
  std::string run_state;     // predicate.runState: complete, partial, interrupted, could-not-run
  std::string subject_name;
  std::vector<std::string> passed, failed, warned;
};

// `subject_sha256`: the digest of the file the attestation is about, computed by the caller.
AttestationReport verify_attestation(std::string_view envelope_json, const std::string& subject_sha256);

// The signed envelope for a workbook whose final bytes have this SHA-256 (hex) and this file name.
Result<std::string> render_attestation(const engine::Assessment& assessment, const std::string& workbook_name,
                                       const std::string& workbook_sha256, const crypto::Identity& signer);
// Writes the signed attestation for a workbook already written (and signed): subject = its final bytes.
Status write_attestation(const engine::Assessment& assessment, const std::string& workbook_path,
                         const std::string& attestation_path, const crypto::Identity& signer);

} // namespace klarmeld::report
