#include "sign/cades.hpp"

#include <openssl/err.h>

#include "crypto/certificate_info.hpp"
#include "sign/certificate_cache.hpp"
#include "sign/cms_certificates.hpp"

namespace klarmeld::sign {
namespace {

std::string openssl_reason() {
  unsigned long code = ERR_peek_last_error();
  std::string reason = code != 0 ? ERR_reason_error_string(code) != nullptr ? ERR_reason_error_string(code) : "error"
                                 : "unknown OpenSSL error";
  ERR_clear_error();
  return reason;
}

crypto::BioPtr memory_bio(std::string_view bytes) {
  return crypto::BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

std::optional<TimePoint> signing_time_of(CMS_ContentInfo* cms) {
  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms);
  if (signers == nullptr || sk_CMS_SignerInfo_num(signers) < 1) {
    return std::nullopt;
  }
  CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(signers, 0);
  int index = CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1);
  if (index < 0) {
    return std::nullopt;
  }
  X509_ATTRIBUTE* attribute = CMS_signed_get_attr(signer, index);
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, 0);
  if (value == nullptr || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    return std::nullopt;
  }
  return crypto::to_time_point(value->value.utctime);
}

// The same CMS as d2i_CMS_bio gives for these bytes, its certificates taken from the per-process cache
// by their exact DER (the signer's and its CA's are the same in every file of a signer) and added back
// in order, so CMS_verify sees the same certificate set. Anything unusual decodes as it is.
crypto::CmsPtr decode_cms(std::string_view p7s_der) {
  if (auto split = split_cms_certificates(p7s_der)) {
    crypto::BioPtr stripped = memory_bio(split->der);
    crypto::CmsPtr cms(d2i_CMS_bio(stripped.get(), nullptr));
    bool complete = cms != nullptr;
    for (std::size_t i = 0; complete && i < split->certificates.size(); ++i) {
      crypto::X509Ptr certificate = decode_certificate(split->certificates[i]);
      complete = certificate && CMS_add1_cert(cms.get(), certificate.get()) == 1;
    }
    if (complete) {
      return cms;
    }
  }
  ERR_clear_error();
  crypto::BioPtr der = memory_bio(p7s_der);
  return crypto::CmsPtr(d2i_CMS_bio(der.get(), nullptr));
}

crypto::X509StackPtr stack_of(const std::vector<crypto::X509Ptr>& certificates) {
  crypto::X509StackPtr stack(sk_X509_new_null());
  for (const crypto::X509Ptr& certificate : certificates) {
    X509_up_ref(certificate.get());
    sk_X509_push(stack.get(), certificate.get());
  }
  return stack;
}

} // namespace

Result<std::string> create_detached_cades(std::string_view content, const crypto::Identity& signer) {
  crypto::X509StackPtr chain = stack_of(signer.chain);
  crypto::BioPtr input = memory_bio(content);
  // CMS_CADES adds the ESS signing-certificate-v2 attribute that makes CMS into CAdES-BES.
  crypto::CmsPtr cms(CMS_sign(signer.certificate.get(), signer.key.get(), chain.get(), input.get(),
                              CMS_DETACHED | CMS_BINARY | CMS_CADES));
  if (!cms) {
    return internal_error("cades.sign", "CMS signing failed: " + openssl_reason());
  }
  crypto::BioPtr output(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(output.get(), cms.get()) != 1) {
    return internal_error("cades.sign", "cannot encode the CMS signature: " + openssl_reason());
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(output.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

CadesReport verify_detached_cades(std::string_view content, std::string_view p7s_der,
                                  const std::vector<crypto::X509Ptr>& trust_anchors) {
  CadesReport report;
  crypto::CmsPtr cms = decode_cms(p7s_der);
  if (!cms) {
    report.problem = "not a DER CMS signature: " + openssl_reason();
    return report;
  }
  std::optional<TimePoint> signing_time = signing_time_of(cms.get());
  // The full check first: signature and content digest, and the signer chaining to one of the given
  // anchors (at signing time when signed); CMS_CADES also checks the ESS signing-certificate-v2
  // attribute against that chain (RFC 5035). What passes it passes the lesser check below, so a file
  // that is in order (nearly every file an aggregate reads) needs one pass over its bytes, not two.
  std::string trust_problem;
  if (trust_anchors.empty()) {
    trust_problem = "no trust anchor given";
  } else {
    crypto::X509StorePtr store(X509_STORE_new());
    // A signing certificate for documents need not carry the S/MIME purpose OpenSSL checks by default.
    X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
    for (const crypto::X509Ptr& anchor : trust_anchors) {
      X509_STORE_add_cert(store.get(), anchor.get());
    }
    if (signing_time) {
      X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), Clock::to_time_t(*signing_time));
    }
    crypto::BioPtr data = memory_bio(content);
    if (CMS_verify(cms.get(), nullptr, store.get(), data.get(), nullptr, CMS_BINARY | CMS_CADES) == 1) {
      report.trusted = true;
    } else {
      trust_problem = "the signer does not chain to a given trust anchor: " + openssl_reason();
    }
  }
  // Not trusted: is the signature at least intact over these bytes? (no chain check)
  if (!report.trusted) {
    crypto::BioPtr data = memory_bio(content);
    if (CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
      report.problem = "the signature does not match the file: " + openssl_reason();
      return report;
    }
  }
  report.valid = true;
  report.signing_time = signing_time;
  STACK_OF(X509)* signer_certificates = CMS_get0_signers(cms.get());
  if (signer_certificates != nullptr && sk_X509_num(signer_certificates) > 0) {
    crypto::CertificateInfo info = crypto::describe(sk_X509_value(signer_certificates, 0));
    report.signer_subject = info.subject;
    report.signer_cvr = info.cvr;
  }
  sk_X509_free(signer_certificates);
  report.problem = trust_problem;
  return report;
}

} // namespace klarmeld::sign
