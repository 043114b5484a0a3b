#include "sign/encoding.hpp"

#include <cctype>
#include <vector>

#include <openssl/bn.h>
#include <openssl/evp.h>

#include "crypto/handles.hpp"
#include "sign/opc_names.hpp"

namespace klarmeld::sign {

std::string base64_encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(length));
  return text;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      compact += c;
    }
  }
  if (compact.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string bytes(compact.size() / 4 * 3 + 1, '\0');
  int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                      reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (length < 0) {
    return std::nullopt;
  }
  // EVP_DecodeBlock counts padding as zero bytes: drop one per '='.
  size_t padding = 0;
  for (size_t i = compact.size(); i > 0 && compact[i - 1] == '='; --i) {
    ++padding;
  }
  bytes.resize(static_cast<size_t>(length) - padding);
  return bytes;
}

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
