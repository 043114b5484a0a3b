#include "sign/encoding.hpp"

#include <cctype>
#include <vector>

#include <openssl/bn.h>
#include <openssl/evp.h>

#include "crypto/handles.hpp"
#include "sign/opc_names.hpp"

namespace klarmeld::sign {

std::optional<std::string> digest_by_uri(std::string_view algorithm_uri, std::string_view bytes) {
  const EVP_MD* md = nullptr;
  if (algorithm_uri == names::sha256) {
    md = EVP_sha256();
  } else if (algorithm_uri == names::sha1) {
    md = EVP_sha1();
  } else if (algorithm_uri == names::sha512) {
    md = EVP_sha512();
  } else {
    return std::nullopt;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr) != 1) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string issuer_rfc2253(X509* certificate) {
  crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), X509_get_issuer_name(certificate), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string serial_decimal(X509* certificate) {
  crypto::BignumPtr number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
  char* text = BN_bn2dec(number.get());
  std::string result = text != nullptr ? text : "";
  OPENSSL_free(text);
  return result;
}

} // namespace klarmeld::sign
