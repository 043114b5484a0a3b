#include "util/digest.hpp"

#include <fstream>

#include <openssl/evp.h>

namespace klarmeld {

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0x0f];
  }
  return hex;
}

namespace {

// SHA-256 fetched from the default provider once per process. EVP_sha256() is a legacy handle that
// OpenSSL 3 fetches again inside every EVP_DigestInit_ex (a locked method-store lookup): `aggregate`
// starts a digest for each of a workbook's ≈ 40 parts (docs/performance.md, Aggregate).
const EVP_MD* sha256_method() {
  static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return fetched != nullptr ? fetched : EVP_sha256();
}

} // namespace

Sha256Stream::Sha256Stream() : m_ctx(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), sha256_method(), nullptr);
}

Sha256Stream::~Sha256Stream() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx));
}

void Sha256Stream::update(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data.data(), data.size());
}

std::string Sha256Stream::finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Sha256Stream::finish_hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), digest, &length);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string sha256_hex(std::string_view data) {
  Sha256Stream stream;
  stream.update(data);
  return stream.finish_hex();
}

std::string sha256(std::string_view data) {
  Sha256Stream stream;
  stream.update(data);
  return stream.finish();
}

Result<std::string> sha256_file_hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return input_error("file.unreadable", "cannot read file '" + path + "'");
  }
  Sha256Stream stream;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    stream.update(std::string_view(buffer, static_cast<size_t>(in.gcount())));
  }
  return stream.finish_hex();
}

} // namespace klarmeld
