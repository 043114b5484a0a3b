#include "cli/signing.hpp"

#include "cli/check_pipeline.hpp"

namespace klarmeld::cli {
namespace {

Error usage(std::string message) {
  return Error{ErrorKind::Usage, "usage.signing", std::move(message), std::nullopt};
}

} // namespace

void add_signing_options(CLI::App& command, SigningSettings& settings) {
  command.add_option("--sign-p12", settings.p12, "Sign with this PKCS#12 (key + certificate chain)")->group("Signing");
  command
      .add_option("--sign-password-env", settings.password_env,
                  "NAME of the environment variable holding the key password")
      ->group("Signing");
  command.add_option("--sign-password-file", settings.password_file, "File whose first line is the key password")
      ->group("Signing");
  command.add_option("--sign-key", settings.key_pem, "Sign with this PEM private key (with --sign-cert)")
      ->group("Signing");
  command.add_option("--sign-cert", settings.cert_pem, "PEM certificate (and chain) for --sign-key")->group("Signing");
  command
      .add_flag_callback(
          "--no-cades", [&settings] { settings.cades = false; },
          "Do not write the detached CAdES signature FILE.xlsx.p7s")
      ->group("Signing");
}

Status check_signing_settings(const SigningSettings& settings) {
  if (!settings.p12.empty() && !settings.key_pem.empty()) {
    return usage("give either --sign-p12 or --sign-key/--sign-cert, not both");
  }
  if (!settings.key_pem.empty() && settings.cert_pem.empty()) {
    return usage("--sign-key needs --sign-cert");
  }
  if (!settings.password_env.empty() && !settings.password_file.empty()) {
    return usage("give either --sign-password-env or --sign-password-file, not both");
  }
  return Ok{};
}

Result<crypto::Identity> load_signing_identity(const SigningSettings& settings) {
  TRY(check_signing_settings(settings));
  TRY_ASSIGN(std::string password,
             crypto::read_password(crypto::PasswordSource{settings.password_env, settings.password_file}));
  if (!settings.p12.empty()) {
    return crypto::load_pkcs12(settings.p12, password);
  }
  if (!settings.key_pem.empty()) {
    return crypto::load_pem_identity(settings.key_pem, settings.cert_pem, password);
  }
  return usage("no signing key: give --sign-p12 or --sign-key/--sign-cert");
}

profile::SignerSource signer_source(const SigningSettings& settings) {
  return profile::SignerSource{settings.p12, settings.key_pem, settings.cert_pem,
                               crypto::PasswordSource{settings.password_env, settings.password_file}};
}

Result<SignedWorkbook> sign_workbook_bytes(std::string_view workbook, const crypto::Identity& signer,
                                           const SigningSettings& settings) {
  sign::SignOptions options;
  options.cades = settings.cades;
  return sign::sign_workbook_bytes(workbook, signer, options);
}

} // namespace klarmeld::cli
