#include "tests/unit/support/test_certs.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <openssl/rand.h>
#include <openssl/rsa.h>

namespace klarmeld::testing {
namespace {

void require(bool condition, const char* what) {
  if (!condition) {
    throw std::runtime_error(std::string("test certificate: ") + what);
  }
}

crypto::EvpPkeyPtr make_rsa_key() {
  crypto::EvpPkeyPtr key(EVP_RSA_gen(2048));
  require(key != nullptr, "RSA key generation failed");
  return key;
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, certificate, nullptr, nullptr, 0);
  crypto::X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  require(extension != nullptr, "extension");
  require(X509_add_ext(certificate, extension.get(), -1) == 1, "add extension");
}

} // namespace

crypto::Identity make_identity(const CertificateSpec& spec) {
  crypto::Identity identity;
  identity.key = make_rsa_key();
  identity.certificate.reset(X509_new());
  X509* certificate = identity.certificate.get();
  require(certificate != nullptr, "X509_new");
  X509_set_version(certificate, 2);
  unsigned char serial_bytes[16];
  RAND_bytes(serial_bytes, sizeof serial_bytes);
  serial_bytes[0] &= 0x7f;
  crypto::BignumPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate));
  X509_gmtime_adj(X509_getm_notBefore(certificate), spec.not_before_days * 86400L);
  X509_gmtime_adj(X509_getm_notAfter(certificate), spec.not_after_days * 86400L);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("DK"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("klarmeld test"), -1, -1,
                             0);
  if (!spec.cvr.empty()) {
    std::string organisation = "NTRDK-" + spec.cvr;
    X509_NAME_add_entry_by_txt(name, "2.5.4.97", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(organisation.c_str()), -1, -1, 0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0);
  X509* issuer_certificate = spec.issuer != nullptr ? spec.issuer->certificate.get() : certificate;
  EVP_PKEY* issuer_key = spec.issuer != nullptr ? spec.issuer->key.get() : identity.key.get();
  X509_set_issuer_name(certificate, X509_get_subject_name(issuer_certificate));
  X509_set_pubkey(certificate, identity.key.get());
  add_extension(certificate, issuer_certificate, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
  add_extension(certificate, issuer_certificate, NID_key_usage,
                spec.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  add_extension(certificate, issuer_certificate, NID_subject_key_identifier, "hash");
  require(X509_sign(certificate, issuer_key, EVP_sha256()) > 0, "X509_sign");
  if (spec.issuer != nullptr) {
    identity.chain.emplace_back(X509_dup(spec.issuer->certificate.get()));
  }
  return identity;
}

crypto::Identity make_identity(const std::string& common_name) {
  CertificateSpec spec;
  spec.common_name = common_name;
  return make_identity(spec);
}

ScratchDirectory::ScratchDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "klarmeld-test-XXXXXX").string();
  require(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  m_path = pattern;
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::string ScratchDirectory::write(const std::string& name, const std::string& content) const {
  std::string full = m_path + "/" + name;
  std::ofstream out(full, std::ios::binary);
  out << content;
  require(out.good(), "write scratch file");
  return full;
}

} // namespace klarmeld::testing
