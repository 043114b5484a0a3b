// Shared helpers for the libFuzzer targets: a scratch directory for loaders that read files, and a
// self-signed certificate made once per process (no key material in the repository).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/handles.hpp"

namespace klarmeld::fuzz {

// A directory under the system temp dir for this process (libFuzzer runs one input at a time),
// removed when the process exits normally (the end of -runs or -max_total_time); a crash keeps it.
inline const std::string& scratch_directory() {
  struct Scratch {
    std::string path;
    Scratch() : path((std::filesystem::temp_directory_path() / "klarmeld-fuzz-XXXXXX").string()) {
      if (mkdtemp(path.data()) == nullptr) {
        std::abort();
      }
    }
    ~Scratch() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

inline void write_bytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// An EC P-256 self-signed certificate, for verifiers that need some trust anchor.
inline crypto::X509Ptr self_signed_certificate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* certificate = X509_new();
  if (key == nullptr || certificate == nullptr) {
    std::abort();
  }
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 86400L);
  X509_set_pubkey(certificate, key);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("klarmeld fuzz"), -1, -1,
                             0);
  X509_set_issuer_name(certificate, name);
  X509_sign(certificate, key, EVP_sha256());
  EVP_PKEY_free(key);
  return crypto::X509Ptr(certificate);
}

} // namespace klarmeld::fuzz
