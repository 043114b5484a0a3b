// `klarmeld sign FILE.xlsx`: add a package signature (sig1.xml), or countersign an already signed
// workbook (sig2.xml …, e.g. the pilot municipality after review), plus the detached FILE.xlsx.p7s.
#include <iostream>

#include "cli/check_pipeline.hpp"
#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/signing.hpp"
#include "crypto/certificate_info.hpp"
#include "sign/opc_signer.hpp"

namespace klarmeld::cli {
namespace {

struct SignCommand {
  std::string file;
  std::string comment = "Klarmelding";
  SigningSettings signing;
};

int fail(const Error& error) {
  std::cerr << "klarmeld sign: " << error.render() << '\n';
  return error.kind == ErrorKind::Runtime || error.kind == ErrorKind::Internal ? exit_could_not_run : exit_usage;
}

int run_sign(const SignCommand& command) {
  if (!command.signing.configured()) {
    return fail(Error{ErrorKind::Usage, "usage.signing", "no signing key: give --sign-p12 or --sign-key/--sign-cert",
                      std::nullopt});
  }
  auto identity = load_signing_identity(command.signing);
  if (!identity) {
    return fail(identity.error());
  }
  sign::SignOptions options;
  options.cades = command.signing.cades;
  options.comment = command.comment;
  auto outcome = sign::sign_file(command.file, *identity, options);
  if (!outcome) {
    return fail(outcome.error());
  }
  crypto::CertificateInfo signer = crypto::describe(identity->certificate.get());
  std::cout << (outcome->countersignature ? "Countersigned " : "Signed ") << command.file << " as /"
            << outcome->signature_part << "\n  Signer: " << signer.subject;
  if (!signer.cvr.empty()) {
    std::cout << " (CVR " << signer.cvr << ")";
  }
  std::cout << '\n';
  if (!outcome->cades_path.empty()) {
    std::cout << "  Detached CAdES signature: " << outcome->cades_path << '\n';
  }
  return exit_ready;
}

} // namespace

void register_sign_command(CLI::App& app, CommandTable& commands) {
  auto command = std::make_shared<SignCommand>();
  CLI::App* sub = app.add_subcommand(
      "sign", "Sign a readiness spreadsheet (or countersign one that is already signed) and write FILE.p7s");
  sub->add_option("file", command->file, "The .xlsx to sign in place")->required()->check(CLI::ExistingFile);
  sub->add_option("--comment", command->comment, "Why you sign (stored as the signature's comment)");
  add_signing_options(*sub, command->signing);
  commands.add(sub, [command] { return run_sign(*command); });
}

} // namespace klarmeld::cli
