// Pre-flight: everything knowable from the profile, the options and the files, checked before the
// first probe (issue #14, item 1), so a run that cannot give a trustworthy result stops at once,
// writes nothing and leaves earlier outputs alone. `klarmeld check` and `klarmeld profile lint` both
// run it; lint without outputs and signing key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "crypto/identity.hpp"
#include "profile/profile.hpp"
#include "util/time.hpp"

namespace klarmeld::profile {

// The signing key named on the command line (--sign-p12, or --sign-key with --sign-cert).
struct SignerSource {
  std::string p12;
  std::string key_pem;
  std::string cert_pem;
  crypto::PasswordSource password;

  bool configured() const { return !p12.empty() || !key_pem.empty(); }
};

struct PreflightRequest {
  bool opens_system_certificate = true;  // the run calls something with credentials.pkcs12 (or .idp)
  SignerSource signer;                   // not configured: nothing will be signed
  std::vector<std::string> output_files; // each one's folder must exist and be writable
  TimePoint now = Clock::now();
};

// A certificate this close to its end is a warning: the next run may fail on it.
inline constexpr auto expiry_warning = std::chrono::hours(24 * 30);

struct PreflightReport {
  std::vector<Error> errors; // Input (exit 2) or Runtime for credentials (exit 3), in check order
  std::vector<std::string> warnings;
  std::optional<crypto::Identity> signer; // opened, for signing after the run

  bool ok() const { return errors.empty(); }
};

PreflightReport run_preflight(const Profile& profile, const criteria::Catalog& catalog,
                              const PreflightRequest& request);

} // namespace klarmeld::profile
