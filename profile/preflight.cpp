#include "profile/preflight.hpp"

#include <filesystem>
#include <system_error>

#include <unistd.h>

#include "crypto/certificate_info.hpp"
#include "profile/dates.hpp"
#include "profile/idp_identity.hpp"
#include "profile/template.hpp"
#include "util/files.hpp"

namespace klarmeld::profile {
namespace {

namespace fs = std::filesystem;

std::optional<SourceLocation> where(const Profile& profile, const std::string& key) {
  auto found = profile.key_where.find(key);
  if (found == profile.key_where.end()) {
    return std::nullopt;
  }
  return found->second;
}

// A credential error keeps its kind (exit 3) and gains the profile line that named the file.
Error located(Error error, std::optional<SourceLocation> at) {
  if (!error.where && at) {
    error.where = std::move(at);
  }
  return error;
}

// The placeholders `klarmeld profile init` writes for the vendor to replace (profile/template.hpp).
void check_placeholders(const Profile& profile, PreflightReport& report) {
  if (profile.vendor_cvr == placeholder_cvr) {
    report.errors.push_back(input_error("profile.placeholder",
                                        "vendor.cvr is still the template's placeholder " +
                                            std::string(placeholder_cvr) + ": write the vendor's own CVR",
                                        where(profile, "vendor.cvr")));
  }
}

// Manual evidence decides only manual criteria; a probe's criterion is never answered on paper. Evidence
// dated after today describes something that has not happened (docs/profile-format.md, "evidence").
void check_evidence(const Profile& profile, const criteria::Catalog& catalog, TimePoint now, PreflightReport& report) {
  std::optional<Date> today = parse_date(iso_date_utc(now));
  for (const auto& evidence : profile.evidence) {
    const criteria::Criterion* criterion = catalog.find_criterion(evidence.criterion_id);
    if (criterion != nullptr && !criterion->is_manual()) {
      report.errors.push_back(input_error(
          "profile.evidence-for-automated",
          evidence.criterion_id + " is decided by a probe, not by manual evidence: remove this entry", evidence.where));
    }
    if (today && evidence.date > *today) {
      report.errors.push_back(input_error("profile.evidence-in-future",
                                          "evidence for " + evidence.criterion_id + " is dated " + evidence.date.iso() +
                                              ", after today (" + today->iso() + ")",
                                          evidence.where));
    }
  }
}

// Expired or not yet valid: an error naming the dates (RFC 5280 §4.1.2.5); under 30 days left: a warning.
void check_validity(const crypto::Identity& identity, const std::string& what, TimePoint now,
                    std::optional<SourceLocation> at, PreflightReport& report) {
  if (Status valid = crypto::check_valid_at(identity.certificate.get(), what, now); !valid) {
    report.errors.push_back(located(valid.take_error(), at));
    return;
  }
  crypto::CertificateInfo info = crypto::describe(identity.certificate.get());
  if (info.not_after - now < expiry_warning) {
    report.warnings.push_back(what + " expires on " + iso8601_utc(info.not_after) +
                              " (in less than 30 days): " + info.subject);
  }
}

void check_system_certificate(const Profile& profile, const PreflightRequest& request, PreflightReport& report) {
  const Credentials& credentials = profile.credentials;
  if (credentials.pkcs12.empty() || !request.opens_system_certificate) {
    return;
  }
  auto at = where(profile, "credentials.pkcs12");
  auto password = crypto::read_password({credentials.password_env, credentials.password_file});
  if (!password) {
    auto password_at =
        where(profile, credentials.password_file.empty() ? "credentials.password_env" : "credentials.password_file");
    report.errors.push_back(located(password.take_error(), password_at));
    return;
  }
  auto identity = crypto::load_pkcs12(credentials.pkcs12, *password);
  if (!identity) {
    report.errors.push_back(located(identity.take_error(), at));
    return;
  }
  check_validity(*identity, "the system certificate '" + credentials.pkcs12 + "'", request.now, at, report);
}

// credentials.idp, opened as saml.sso and saml.slo will open it (issue #16): a wrong path, password or
// a key that is not the certificate's would otherwise only show as an SP refusing every login.
void check_idp_identity(const Profile& profile, const PreflightRequest& request, PreflightReport& report) {
  const IdpIdentity& idp = profile.credentials.idp;
  if (!idp.configured() || !request.opens_system_certificate) {
    return;
  }
  std::string failed_key;
  auto identity = open_idp_identity(idp, &failed_key);
  if (!identity) {
    report.errors.push_back(located(identity.take_error(), where(profile, "credentials.idp." + failed_key)));
    return;
  }
  const std::string file = idp.pkcs12.empty() ? idp.certificate : idp.pkcs12;
  check_validity(*identity, "the IdP certificate '" + file + "'", request.now,
                 where(profile, idp.pkcs12.empty() ? "credentials.idp.certificate" : "credentials.idp.pkcs12"), report);
}

// The trust anchors every TLS handshake and token check rely on: readable, with at least one certificate.
void check_pem_file(const Profile& profile, const std::string& path, const std::string& key, PreflightReport& report) {
  if (path.empty()) {
    return;
  }
  auto at = where(profile, key);
  auto content = read_file(path);
  if (!content) {
    report.errors.push_back(input_error("profile.unreadable-file", key + ": " + content.error().message, at));
    return;
  }
  if (content->empty()) {
    report.errors.push_back(input_error("profile.empty-file", key + ": '" + path + "' is empty", at));
    return;
  }
  if (auto certificates = crypto::parse_pem_certificates(*content, path); !certificates) {
    report.errors.push_back(input_error("profile.no-certificate", key + ": " + certificates.error().message, at));
  }
}

void check_readable(const Profile& profile, const std::string& path, const std::string& key, PreflightReport& report) {
  if (!path.empty() && access(path.c_str(), R_OK) != 0) {
    report.errors.push_back(
        input_error("profile.unreadable-file", key + ": cannot read '" + path + "'", where(profile, key)));
  }
}

void check_signer(const PreflightRequest& request, PreflightReport& report) {
  const SignerSource& source = request.signer;
  if (!source.configured()) {
    return;
  }
  auto password = crypto::read_password(source.password);
  if (!password) {
    report.errors.push_back(password.take_error());
    return;
  }
  auto identity = source.p12.empty() ? crypto::load_pem_identity(source.key_pem, source.cert_pem, *password)
                                     : crypto::load_pkcs12(source.p12, *password);
  if (!identity) {
    report.errors.push_back(identity.take_error());
    return;
  }
  std::string name = source.p12.empty() ? source.cert_pem : source.p12;
  size_t before = report.errors.size();
  check_validity(*identity, "the signing certificate '" + name + "'", request.now, std::nullopt, report);
  if (report.errors.size() == before) {
    report.signer = std::move(*identity);
  }
}

void check_output_folders(const PreflightRequest& request, PreflightReport& report) {
  for (const auto& file : request.output_files) {
    if (file.empty()) {
      continue;
    }
    fs::path folder = fs::path(file).parent_path();
    std::string name = folder.empty() ? "." : folder.string();
    std::error_code ec;
    if (!fs::is_directory(name, ec)) {
      report.errors.push_back(
          input_error("output.no-folder", "cannot write '" + file + "': folder '" + name + "' does not exist"));
    } else if (access(name.c_str(), W_OK | X_OK) != 0) {
      report.errors.push_back(
          input_error("output.unwritable", "cannot write '" + file + "': folder '" + name + "' is not writable"));
    } else if (fs::is_directory(file, ec)) {
      report.errors.push_back(input_error("output.is-folder", "cannot write '" + file + "': it is a folder"));
    }
  }
}

} // namespace

PreflightReport run_preflight(const Profile& profile, const criteria::Catalog& catalog,
                              const PreflightRequest& request) {
  PreflightReport report;
  check_placeholders(profile, report);
  check_evidence(profile, catalog, request.now, report);
  check_system_certificate(profile, request, report);
  check_idp_identity(profile, request, report);
  check_pem_file(profile, profile.credentials.ca_bundle, "credentials.ca_bundle", report);
  check_pem_file(profile, profile.credentials.sts_certificate, "credentials.sts_certificate", report);
  check_readable(profile, profile.credentials.ssh_private_key, "credentials.ssh_private_key", report);
  check_signer(request, report);
  check_output_folders(request, report);
  return report;
}

} // namespace klarmeld::profile
