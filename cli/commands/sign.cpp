// `klarmeld sign FILE.xlsx`: add a package signature (sig1.xml) and FILE.xlsx.p7s to an unsigned
// workbook, or countersign a signed one (e.g. the pilot municipality after review) in
// FILE.xlsx.countersign.p7s, leaving the workbook, its .p7s and its attestation as they are
// (sign/countersign.hpp).
#include <iostream>

#include "cli/check_pipeline.hpp"
#include "cli/command_failure.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/signing.hpp"
#include "crypto/certificate_info.hpp"
#include "sign/countersign.hpp"

namespace klarmeld::cli {
namespace {

struct SignCommand {
  std::string file;
  std::string comment = "Klarmelding";
  SigningSettings signing;
};

int sign_failed(const Error& error) {
  return report_failure(error, "klarmeld sign");
}

int run_sign(const SignCommand& command) {
  if (!command.signing.configured()) {
    return sign_failed(Error{ErrorKind::Usage, "usage.signing",
                             "no signing key: give --sign-p12 or --sign-key/--sign-cert", std::nullopt});
  }
  auto identity = load_signing_identity(command.signing);
  if (!identity) {
    return sign_failed(identity.error());
  }
  sign::SignOptions options;
  options.cades = command.signing.cades;
  options.comment = command.comment;
  auto outcome = sign::sign_or_countersign(command.file, *identity, options);
  if (!outcome) {
    return sign_failed(outcome.error());
  }
  crypto::CertificateInfo signer = crypto::describe(identity->certificate.get());
  if (outcome->countersignature) {
    std::cout << "Countersigned " << command.file << " (the workbook is unchanged)";
  } else {
    std::cout << "Signed " << command.file << " as /" << outcome->signature_part;
  }
  std::cout << "\n  Signer: " << signer.subject;
  if (!signer.cvr.empty()) {
    std::cout << " (CVR " << signer.cvr << ")";
  }
  std::cout << '\n';
  if (!outcome->detached_path.empty()) {
    std::cout << (outcome->countersignature ? "  Countersignature (detached CAdES): " : "  Detached CAdES signature: ")
              << outcome->detached_path << '\n';
  }
  if (!outcome->replaced_signer.empty()) {
    std::cout << "  Replaced the earlier countersignature by " << outcome->replaced_signer << '\n';
  }
  return exit_ready;
}

} // namespace

void register_sign_command(CLI::App& app, CommandTable& commands) {
  auto command = std::make_shared<SignCommand>();
  CLI::App* sub = app.add_subcommand("sign", "Sign a readiness spreadsheet (FILE.p7s), or countersign one that is "
                                             "already signed (FILE.countersign.p7s; the workbook stays as it is)");
  sub->add_option("file", command->file, "The .xlsx to sign")->required()->check(CLI::ExistingFile);
  sub->add_option("--comment", command->comment, "Why you sign (stored as the signature's comment)");
  add_signing_options(*sub, command->signing);
  commands.add(sub, [command] { return run_sign(*command); });
}

} // namespace klarmeld::cli
