#include "crypto/certificate_info.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include "crypto/handles.hpp"
#include "util/digest.hpp"

namespace klarmeld::crypto {
namespace {

std::string entry_text(X509_NAME_ENTRY* entry) {
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
  if (length < 0) {
    return {};
  }
  std::string text(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

bool is_cvr(const std::string& digits) {
  if (digits.size() != 8) {
    return false;
  }
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

} // namespace

std::string cvr_from_subject(X509_NAME* subject) {
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, i);
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    std::string text = entry_text(entry);
    // OCES3: organizationIdentifier (2.5.4.97) = "NTRDK-<cvr>".
    if (nid == NID_organizationIdentifier && text.rfind("NTRDK-", 0) == 0 && is_cvr(text.substr(6))) {
      return text.substr(6);
    }
    // OCES2: serialNumber = "CVR:<cvr>-FID:<n>" (or -UID/-RID).
    if (nid == NID_serialNumber && text.rfind("CVR:", 0) == 0 && is_cvr(text.substr(4, 8))) {
      return text.substr(4, 8);
    }
  }
  return {};
}

TimePoint to_time_point(const ASN1_TIME* time) {
  std::tm parts{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
    return {};
  }
  return utc_time_point(parts);
}

std::string name_rfc2253(X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string serial_decimal(X509* certificate) {
  BignumPtr number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
  char* text = BN_bn2dec(number.get());
  std::string result = text != nullptr ? text : "";
  OPENSSL_free(text);
  return result;
}

CertificateInfo describe(X509* certificate) {
  CertificateInfo info;
  info.subject = name_rfc2253(X509_get_subject_name(certificate));
  info.issuer = name_rfc2253(X509_get_issuer_name(certificate));
  const ASN1_INTEGER* serial = X509_get0_serialNumber(certificate);
  BignumPtr number(ASN1_INTEGER_to_BN(serial, nullptr));
  if (number) {
    char* hex = BN_bn2hex(number.get());
    info.serial_hex = hex;
    OPENSSL_free(hex);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(certificate, EVP_sha256(), digest, &length);
  info.sha256_fingerprint = to_hex(std::string_view(reinterpret_cast<char*>(digest), length));
  info.not_before = to_time_point(X509_get0_notBefore(certificate));
  info.not_after = to_time_point(X509_get0_notAfter(certificate));
  info.cvr = cvr_from_subject(X509_get_subject_name(certificate));
  return info;
}

Status check_valid_at(X509* certificate, const std::string& what, TimePoint now) {
  CertificateInfo info = describe(certificate);
  std::string window = "valid " + iso8601_utc(info.not_before) + " to " + iso8601_utc(info.not_after);
  if (now < info.not_before) {
    return runtime_error("credentials.not-yet-valid", what + " is not yet valid (" + window + "): " + info.subject);
  }
  if (now > info.not_after) {
    return runtime_error("credentials.expired", what + " has expired (" + window + "): " + info.subject);
  }
  return Ok{};
}

} // namespace klarmeld::crypto
