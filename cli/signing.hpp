// Signing settings shared by `check`, `sign` and `demo`: where the key is and how to unlock it.
// Keys come from PKCS#12 or PEM files; the password from an environment variable or a file, never argv.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "crypto/identity.hpp"
#include "util/result.hpp"

namespace klarmeld::cli {

struct SigningSettings;

// --sign-p12, --sign-password-env, --sign-password-file, --sign-key, --sign-cert, --no-cades.
void add_signing_options(CLI::App& command, SigningSettings& settings);
Status check_signing_settings(const SigningSettings& settings);
Result<crypto::Identity> load_signing_identity(const SigningSettings& settings);

// Signs (or countersigns) the workbook in place and writes FILE.xlsx.p7s; returns the files written.
Result<std::vector<std::string>> sign_workbook(const std::string& path, const crypto::Identity& signer,
                                               const SigningSettings& settings);

} // namespace klarmeld::cli
