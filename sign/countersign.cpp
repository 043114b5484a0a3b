#include "sign/countersign.hpp"

#include "crypto/certificate_info.hpp"
#include "sign/cades.hpp"
#include "sign/detached_signatures.hpp"
#include "sign/verifier.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/output_set.hpp"

namespace klarmeld::sign {
namespace {

Error not_intact(const std::string& path, const std::string& why) {
  return input_error("sign.not-intact", "'" + path + "' is signed, but " + why +
                                            "; a countersignature would vouch for content its signer did not sign");
}

// Integrity only (no trust anchors: whom to trust is the reader's choice): every package signature and
// the first signer's .p7s must match these bytes before anyone countersigns them.
Status check_intact(const std::string& path, const PackageReport& report) {
  if (!report.problems.empty()) {
    return not_intact(path, report.problems.front().message);
  }
  for (const SignatureReport& signature : report.signatures) {
    if (!signature.valid) {
      std::string why = signature.problems.empty() ? "a signature is invalid" : signature.problems.front().message;
      return not_intact(path, signature.part + " is not valid (" + why + ")");
    }
  }
  if (report.cades && !report.cades->valid) {
    return not_intact(path, cades_path(path) + " does not match it (" + report.cades->problem + ")");
  }
  return Ok{};
}

Result<FileSignature> countersign(const std::string& path, const std::string& bytes, const PackageReport& report,
                                  const crypto::Identity& signer, const SignOptions& options) {
  if (!options.cades) {
    return input_error("sign.no-cades", "'" + path + "' is signed: a countersignature is the detached " +
                                            countersign_path(path) + ", which --no-cades would leave out");
  }
  TRY(check_intact(path, report));
  FileSignature result;
  result.countersignature = true;
  std::string subject = crypto::describe(signer.certificate.get()).subject;
  if (report.countersignature) {
    // One countersignature per workbook: replacing another party's would silently drop their word.
    if (report.countersignature->valid && report.countersignature->signer_subject != subject) {
      return input_error("sign.already-countersigned",
                         "'" + path + "' is already countersigned by " + report.countersignature->signer_subject +
                             " (" + countersign_path(path) + "); remove that file to replace it");
    }
    result.replaced_signer = report.countersignature->signer_subject;
  }
  TRY_ASSIGN(std::string p7s, create_detached_cades(bytes, signer));
  result.detached_path = countersign_path(path);
  OutputSet set(path);
  set.require_unchanged(path, sha256_hex(bytes)); // a check replacing the workbook meanwhile wins
  TRY(set.add(result.detached_path, OutputRole::Vouching, p7s));
  TRY(set.commit());
  return result;
}

} // namespace

Result<FileSignature> sign_or_countersign(const std::string& path, const crypto::Identity& signer,
                                          const SignOptions& options) {
  if (!signer.key || !signer.certificate) {
    return runtime_error("sign.no-key", "no signing key and certificate");
  }
  TRY(crypto::check_valid_at(signer.certificate.get(), "the signing certificate", options.signing_time));
  TRY(OutputSet::finish_pending(path)); // sign the set a killed run meant to leave, not half of it
  TRY_ASSIGN(std::string bytes, read_file(path));
  PackageReport report = verify_package_bytes(bytes, path, {}, read_detached_signatures(path));
  if (!report.signatures.empty()) {
    return countersign(path, bytes, report, signer, options);
  }
  TRY(parse_package(bytes, path)); // an unreadable file is an input error, not "unsigned"
  TRY_ASSIGN(SignOutcome outcome, sign_file(path, signer, options));
  FileSignature result;
  result.signature_part = outcome.signature_part;
  result.detached_path = outcome.cades_path;
  return result;
}

} // namespace klarmeld::sign
