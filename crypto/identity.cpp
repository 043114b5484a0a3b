#include "crypto/identity.hpp"

#include <cstdlib>
#include <fstream>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "util/base64.hpp"
#include "util/files.hpp"

namespace klarmeld::crypto {
namespace {

std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) {
    return "unknown OpenSSL error";
  }
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

BioPtr memory_bio(const std::string& data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

} // namespace

Result<std::string> read_password(const PasswordSource& source) {
  if (!source.environment_variable.empty()) {
    const char* value = std::getenv(source.environment_variable.c_str());
    if (value == nullptr) {
      return runtime_error("credentials.password-missing",
                           "environment variable " + source.environment_variable + " (the key password) is not set");
    }
    return std::string(value);
  }
  if (!source.file.empty()) {
    auto content = read_file(source.file);
    if (!content) {
      return runtime_error("credentials.password-unreadable", content.error().message);
    }
    std::string password = *content;
    // Only the first line counts: editors add a trailing newline.
    if (auto newline = password.find_first_of("\r\n"); newline != std::string::npos) {
      password.erase(newline);
    }
    return password;
  }
  return std::string();
}

Result<Identity> load_pkcs12(const std::string& path, const std::string& password) {
  auto content = read_file(path);
  if (!content) {
    return runtime_error("credentials.unreadable", content.error().message);
  }
  BioPtr bio = memory_bio(*content);
  Pkcs12Ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
  if (!p12) {
    return runtime_error("credentials.not-pkcs12", "'" + path + "' is not a PKCS#12 file: " + openssl_reason());
  }
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  STACK_OF(X509)* chain = nullptr;
  if (PKCS12_parse(p12.get(), password.c_str(), &key, &certificate, &chain) != 1) {
    ERR_clear_error();
    return runtime_error("credentials.bad-password",
                         "cannot open PKCS#12 '" + path + "': wrong password or damaged file");
  }
  Identity identity;
  identity.key.reset(key);
  identity.certificate.reset(certificate);
  X509StackPtr owned_chain(chain);
  if (!identity.key || !identity.certificate) {
    return runtime_error("credentials.incomplete", "PKCS#12 '" + path + "' lacks a private key or a certificate");
  }
  for (int i = 0; owned_chain && i < sk_X509_num(owned_chain.get()); ++i) {
    X509* member = sk_X509_value(owned_chain.get(), i);
    X509_up_ref(member);
    identity.chain.emplace_back(member);
  }
  return identity;
}

Result<std::vector<X509Ptr>> parse_pem_certificates(const std::string& pem, const std::string& origin) {
  BioPtr bio = memory_bio(pem);
  std::vector<X509Ptr> certificates;
  while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certificates.emplace_back(certificate);
  }
  ERR_clear_error(); // the loop ends on "no start line"
  if (certificates.empty()) {
    return input_error("credentials.no-certificate", "no PEM certificate in '" + origin + "'");
  }
  return certificates;
}

Result<std::vector<X509Ptr>> load_pem_certificates(const std::string& path) {
  auto content = read_file(path);
  if (!content) {
    return content.take_error();
  }
  return parse_pem_certificates(*content, path);
}

Result<Identity> load_pem_identity(const std::string& key_path, const std::string& certificate_path,
                                   const std::string& password) {
  auto key_pem = read_file(key_path);
  if (!key_pem) {
    return runtime_error("credentials.unreadable", key_pem.error().message);
  }
  BioPtr bio = memory_bio(*key_pem);
  Identity identity;
  identity.key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, const_cast<char*>(password.c_str())));
  if (!identity.key) {
    ERR_clear_error();
    return runtime_error("credentials.bad-key", "cannot read private key '" + key_path + "' (wrong password?)");
  }
  TRY_ASSIGN(auto certificates, load_pem_certificates(certificate_path));
  identity.certificate = std::move(certificates.front());
  for (size_t i = 1; i < certificates.size(); ++i) {
    identity.chain.push_back(std::move(certificates[i]));
  }
  if (X509_check_private_key(identity.certificate.get(), identity.key.get()) != 1) {
    ERR_clear_error();
    return runtime_error("credentials.mismatch",
                         "the key '" + key_path + "' does not belong to the certificate '" + certificate_path + "'");
  }
  return identity;
}

std::string to_pem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), certificate);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string to_der(X509* certificate) {
  int length = i2d_X509(certificate, nullptr);
  if (length <= 0) {
    return {};
  }
  std::string der(static_cast<size_t>(length), '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(certificate, &cursor);
  return der;
}

std::string to_base64_der(X509* certificate) {
  return base64_encode(to_der(certificate));
}

} // namespace klarmeld::crypto
