// Signing settings shared by `check`, `sign` and `demo`: where the key is and how to unlock it.
// Keys come from PKCS#12 or PEM files; the password from an environment variable or a file, never argv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "crypto/identity.hpp"
#include "profile/preflight.hpp"
#include "sign/opc_signer.hpp"
#include "util/result.hpp"

namespace klarmeld::cli {

struct SigningSettings;

// --sign-p12, --sign-password-env, --sign-password-file, --sign-key, --sign-cert, --no-cades.
void add_signing_options(CLI::App& command, SigningSettings& settings);
Status check_signing_settings(const SigningSettings& settings);
Result<crypto::Identity> load_signing_identity(const SigningSettings& settings);

// The signer as pre-flight opens it (profile/preflight.hpp), from the command-line settings.
profile::SignerSource signer_source(const SigningSettings& settings);

// The workbook signed in memory the one way (sign::sign_workbook_bytes), with the settings' --no-cades.
using SignedWorkbook = sign::SignedWorkbook;
Result<SignedWorkbook> sign_workbook_bytes(std::string_view workbook, const crypto::Identity& signer,
                                           const SigningSettings& settings);

} // namespace klarmeld::cli
