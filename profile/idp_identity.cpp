#include "profile/idp_identity.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

namespace klarmeld::profile {

Result<crypto::Identity> open_idp_identity(const IdpIdentity& idp, std::string* failed_key) {
  auto blame = [&](const char* key) {
    if (failed_key != nullptr) {
      *failed_key = key;
    }
  };
  std::string password;
  if (!idp.password_env.empty() || !idp.password_file.empty()) {
    auto read = crypto::read_password({idp.password_env, idp.password_file});
    if (!read) {
      blame(idp.password_file.empty() ? "password_env" : "password_file");
      return read.take_error();
    }
    password = std::move(read).value();
  }
  if (!idp.pkcs12.empty()) {
    auto identity = crypto::load_pkcs12(idp.pkcs12, password);
    if (!identity) {
      blame("pkcs12");
      return identity;
    }
    // PKCS12_parse pairs key and certificate by their localKeyID; a file put together by hand may still
    // hold a key that does not sign for the certificate, and every SP would then refuse the signature.
    if (X509_check_private_key(identity->certificate.get(), identity->key.get()) != 1) {
      ERR_clear_error();
      blame("pkcs12");
      return runtime_error("credentials.mismatch",
                           "the key in '" + idp.pkcs12 + "' does not belong to its certificate");
    }
    return identity;
  }
  auto identity = crypto::load_pem_identity(idp.key, idp.certificate, password);
  if (!identity) {
    Error error = identity.take_error();
    // The key's errors are "credentials.*"; the certificate's come from reading a PEM file (input
    // errors). All are credentials the run cannot open: exit 3, like the system certificate's.
    const bool about_key = error.code.starts_with("credentials.") && error.code != "credentials.no-certificate";
    blame(about_key ? "key" : "certificate");
    return runtime_error(about_key ? error.code : "credentials.unreadable", error.message);
  }
  return identity;
}

} // namespace klarmeld::profile
