// A signing identity: private key + certificate + its chain, loaded from PKCS#12 or PEM.
// Passwords come from an environment variable or a file — never from argv.
#pragma once

#include <string>
#include <vector>

#include "crypto/handles.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto {

struct Identity {
  EvpPkeyPtr key;
  X509Ptr certificate;
  std::vector<X509Ptr> chain; // intermediates (and possibly the root), leaf excluded
};

// Where the password is: the NAME of an environment variable, or a file whose first line is it.
struct PasswordSource {
  std::string environment_variable;
  std::string file;
};

Result<std::string> read_password(const PasswordSource& source);
Result<Identity> load_pkcs12(const std::string& path, const std::string& password);
Result<Identity> load_pem_identity(const std::string& key_path, const std::string& certificate_path,
                                   const std::string& password = {});
Result<std::vector<X509Ptr>> load_pem_certificates(const std::string& path);
Result<std::vector<X509Ptr>> parse_pem_certificates(const std::string& pem, const std::string& origin);

std::string to_pem(X509* certificate);
std::string to_der(X509* certificate);
std::string to_base64_der(X509* certificate); // one line, as BinarySecurityToken/X509Certificate want

} // namespace klarmeld::crypto
