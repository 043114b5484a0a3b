#include "sign/cades.hpp"

#include <cstring>
#include <ctime>

#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/sha.h>

#include "crypto/certificate_info.hpp"
#include "crypto/described_certificates.hpp"
#include "sign/certificate_cache.hpp"
#include "sign/chain_cache.hpp"
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

// Why a detached signature is not valid or not trusted: a stable code for programs (the taskforce's
// Danish reasons), the English line for people, and OpenSSL's reason within it as its own field.
struct CadesFinding {
  std::string code; // empty: no problem
  std::string message;
  std::string detail;
};

CadesFinding cades_finding(std::string code, std::string_view lead, std::string detail = {}) {
  return CadesFinding{std::move(code), std::string(lead) + detail, std::move(detail)};
}

void take(CadesReport& report, CadesFinding finding) {
  report.problem = std::move(finding.message);
  report.problem_code = std::move(finding.code);
  report.problem_detail = std::move(finding.detail);
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

// A signed attribute's value (a SEQUENCE), or null when the signer has no such attribute.
ASN1_STRING* signed_sequence(CMS_SignerInfo* signer_info, int nid) {
  return static_cast<ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(signer_info, OBJ_nid2obj(nid), -3, V_ASN1_SEQUENCE));
}

// RFC 5035 ESS signing-certificate (v1 or v2) signed attribute, as CAdES-BES requires it (ETSI EN
// 319 122-1 §5.2.2), checked against the signer's chain exactly as OpenSSL's CMS_CADES verification
// does (cms_ess.c ossl_cms_check_signing_certs: either attribute unpacked from the signed attributes,
// then OSSL_ESS_check_signing_certs requiring one; the first certificate ID must name the signer).
bool ess_names_signer(CMS_SignerInfo* signer_info, STACK_OF(X509) * chain) {
  ESS_SIGNING_CERT* v1 = nullptr;
  ESS_SIGNING_CERT_V2* v2 = nullptr;
  bool readable = true;
  if (ASN1_STRING* der = signed_sequence(signer_info, NID_id_smime_aa_signingCertificate)) {
    v1 = static_cast<ESS_SIGNING_CERT*>(ASN1_item_unpack(der, ASN1_ITEM_rptr(ESS_SIGNING_CERT)));
    readable = v1 != nullptr;
  }
  if (ASN1_STRING* der = signed_sequence(signer_info, NID_id_smime_aa_signingCertificateV2)) {
    v2 = static_cast<ESS_SIGNING_CERT_V2*>(ASN1_item_unpack(der, ASN1_ITEM_rptr(ESS_SIGNING_CERT_V2)));
    readable = readable && v2 != nullptr;
  }
  bool names_signer = readable && OSSL_ESS_check_signing_certs(v1, v2, chain, 1) > 0;
  ESS_SIGNING_CERT_free(v1);
  ESS_SIGNING_CERT_V2_free(v2);
  ERR_clear_error();
  return names_signer;
}

std::vector<crypto::X509Ptr> certificates_of(CMS_ContentInfo* cms) {
  std::vector<crypto::X509Ptr> certificates;
  crypto::X509StackPtr carried(CMS_get1_certs(cms));
  for (int i = 0; carried && i < sk_X509_num(carried.get()); ++i) {
    X509* certificate = sk_X509_value(carried.get(), i);
    X509_up_ref(certificate);
    certificates.emplace_back(certificate);
  }
  return certificates;
}

// The signer's chain to one of the anchors, as CMS_verify builds it (cms_smime.c
// cms_signerinfo_verify_cert: the CMS's certificates untrusted, the "smime_sign" defaults, here with
// any purpose, at the signing time when signed). A chain accepted before for the same certificates
// is taken from sign/chain_cache when every certificate of it is valid at this time; a file whose
// chain is not is verified afresh, so its reason is OpenSSL's. Empty problem: trusted.
CadesFinding cades_chain_problem(X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                                 const std::vector<crypto::X509Ptr>& trust_anchors, std::optional<TimePoint> at,
                                 crypto::X509StackPtr& chain) {
  std::optional<std::time_t> when;
  if (at) {
    when = Clock::to_time_t(*at);
  }
  chain = known_valid_chain(ChainPolicy::DetachedCades, signer, untrusted, trust_anchors, when);
  if (chain) {
    return {};
  }
  crypto::X509StorePtr store(X509_STORE_new());
  // A signing certificate for documents need not carry the S/MIME purpose OpenSSL checks by default.
  X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
  for (const crypto::X509Ptr& anchor : trust_anchors) {
    X509_STORE_add_cert(store.get(), anchor.get());
  }
  if (when) {
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), *when);
  }
  crypto::X509StackPtr untrusted_stack = stack_of(untrusted);
  crypto::X509StoreCtxPtr context(X509_STORE_CTX_new());
  if (!context || X509_STORE_CTX_init(context.get(), store.get(), signer, untrusted_stack.get()) != 1) {
    return cades_finding("trust.unprocessable", "cannot prepare the chain check: ", openssl_reason());
  }
  X509_STORE_CTX_set_default(context.get(), "smime_sign");
  if (X509_verify_cert(context.get()) != 1) {
    std::string reason = X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
    ERR_clear_error();
    return cades_finding("trust.no-chain", "the signer does not chain to a given trust anchor: ", reason);
  }
  chain.reset(X509_STORE_CTX_get1_chain(context.get()));
  remember_valid_chain(ChainPolicy::DetachedCades, signer, untrusted, trust_anchors,
                       crypto::X509StackPtr(X509_chain_up_ref(chain.get())));
  return {};
}

// Trust in an intact CAdES: every signer chains to an anchor and its ESS attribute names its
// certificate — what CMS_verify with CMS_CADES and a store decides, with the chain reused per signer.
CadesFinding cades_trust_problem(CMS_ContentInfo* cms, const std::vector<crypto::X509Ptr>& trust_anchors,
                                 std::optional<TimePoint> signing_time) {
  if (trust_anchors.empty()) {
    return cades_finding("trust.no-anchor", "no trust anchor given");
  }
  std::vector<crypto::X509Ptr> untrusted = certificates_of(cms);
  STACK_OF(CMS_SignerInfo)* signer_infos = CMS_get0_SignerInfos(cms);
  for (int i = 0; i < sk_CMS_SignerInfo_num(signer_infos); ++i) {
    CMS_SignerInfo* signer_info = sk_CMS_SignerInfo_value(signer_infos, i);
    X509* signer = nullptr;
    CMS_SignerInfo_get0_algs(signer_info, nullptr, &signer, nullptr, nullptr);
    if (signer == nullptr) {
      return cades_finding("trust.signer-certificate-missing", "the signer's certificate is not in the signature");
    }
    crypto::X509StackPtr chain;
    if (CadesFinding problem = cades_chain_problem(signer, untrusted, trust_anchors, signing_time, chain);
        !problem.code.empty()) {
      return problem;
    }
    // CMS_verify checks the ESS attribute only of a signer with signed attributes (cms_smime.c).
    if (CMS_signed_get_attr_count(signer_info) >= 0 && !ess_names_signer(signer_info, chain.get())) {
      return cades_finding("trust.ess-mismatch",
                           "the signed ESS signing-certificate attribute (RFC 5035) does not name the signer's "
                           "certificate");
    }
  }
  return {};
}

// Every signer's content check (RFC 5652 §5.4: the messageDigest attribute against the content's
// digest) decided by a SHA-256 of the content the caller took already, instead of OpenSSL digesting
// the same bytes again. Only the positive answer is taken from here, and only where
// CMS_SignerInfo_verify_content (cms_sd.c) would give it for these bytes: the signer has a
// messageDigest attribute, the digest context it would pick from CMS_dataInit's chain
// (ossl_cms_DigestAlgorithm_find_ctx: the first whose type, or whose signature-key type, is the
// signer's digest algorithm) is a SHA-256 one, and the attribute equals the digest. Anything else
// (false) sends the caller to the full CMS_verify, so every refusal keeps OpenSSL's reason.
bool content_digests_match(CMS_ContentInfo* cms, std::string_view content_sha256) {
  STACK_OF(CMS_SignerInfo)* signer_infos = CMS_get0_SignerInfos(cms);
  if (content_sha256.size() != SHA256_DIGEST_LENGTH || sk_CMS_SignerInfo_num(signer_infos) <= 0) {
    return false;
  }
  // The chain CMS_verify digests through: one context per SignedData digestAlgorithms entry.
  crypto::BioPtr nothing(BIO_new_mem_buf("", 0));
  BIO* chain = nothing ? CMS_dataInit(cms, nothing.get()) : nullptr;
  if (chain == nullptr) {
    ERR_clear_error();
    return false;
  }
  nothing.release(); // now the end of `chain`
  crypto::BioPtr chain_owner(chain);
  for (int i = 0; i < sk_CMS_SignerInfo_num(signer_infos); ++i) {
    CMS_SignerInfo* signer_info = sk_CMS_SignerInfo_value(signer_infos, i);
    auto* message_digest = static_cast<ASN1_OCTET_STRING*>(
        CMS_signed_get0_data_by_OBJ(signer_info, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    X509_ALGOR* digest_algorithm = nullptr;
    CMS_SignerInfo_get0_algs(signer_info, nullptr, nullptr, &digest_algorithm, nullptr);
    if (message_digest == nullptr || digest_algorithm == nullptr) {
      return false;
    }
    const ASN1_OBJECT* digest_oid = nullptr;
    X509_ALGOR_get0(&digest_oid, nullptr, nullptr, digest_algorithm);
    int nid = OBJ_obj2nid(digest_oid);
    EVP_MD_CTX* picked = nullptr;
    for (BIO* md = BIO_find_type(chain, BIO_TYPE_MD); md != nullptr && picked == nullptr;
         md = BIO_find_type(BIO_next(md), BIO_TYPE_MD)) {
      EVP_MD_CTX* context = nullptr;
      BIO_get_md_ctx(md, &context);
      if (context != nullptr &&
          (EVP_MD_CTX_get_type(context) == nid || EVP_MD_get_pkey_type(EVP_MD_CTX_get0_md(context)) == nid)) {
        picked = context;
      }
    }
    if (picked == nullptr || EVP_MD_CTX_get_type(picked) != NID_sha256 ||
        ASN1_STRING_length(message_digest) != SHA256_DIGEST_LENGTH ||
        std::memcmp(ASN1_STRING_get0_data(message_digest), content_sha256.data(), SHA256_DIGEST_LENGTH) != 0) {
      return false;
    }
  }
  return true;
}

// RFC 5652 §5.6 for a detached signature, as CMS_verify with CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY
// decides it. With the content's SHA-256 at hand, CMS_verify runs every step but the content digest
// (CMS_NO_CONTENT_VERIFY, over no bytes) and content_digests_match decides the last one; when that
// path does not say intact, the full check runs and its answer and reason are the ones reported.
bool cms_intact(CMS_ContentInfo* cms, std::string_view content, std::string_view content_sha256) {
  constexpr unsigned int flags = CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY;
  if (!content_sha256.empty()) {
    crypto::BioPtr nothing(BIO_new_mem_buf("", 0));
    bool intact = nothing &&
                  CMS_verify(cms, nullptr, nullptr, nothing.get(), nullptr, flags | CMS_NO_CONTENT_VERIFY) == 1 &&
                  content_digests_match(cms, content_sha256);
    ERR_clear_error();
    if (intact) {
      return true;
    }
  }
  crypto::BioPtr data = memory_bio(content);
  return CMS_verify(cms, nullptr, nullptr, data.get(), nullptr, flags) == 1;
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
                                  const std::vector<crypto::X509Ptr>& trust_anchors, std::string_view content_sha256) {
  CadesReport report;
  crypto::CmsPtr cms = decode_cms(p7s_der);
  if (!cms) {
    take(report, cades_finding("cades.malformed", "not a DER CMS signature: ", openssl_reason()));
    return report;
  }
  std::optional<TimePoint> signing_time = signing_time_of(cms.get());
  // Intact: each signer's signature over its signed attributes and the content's digest (RFC 5652
  // §5.6), no chain. One pass over the bytes; trust is decided after, with the chain cached per signer.
  if (!cms_intact(cms.get(), content, content_sha256)) {
    take(report, cades_finding("cades.content-mismatch", "the signature does not match the file: ", openssl_reason()));
    return report;
  }
  report.valid = true;
  report.signing_time = signing_time;
  take(report, cades_trust_problem(cms.get(), trust_anchors, signing_time));
  report.trusted = report.problem_code.empty();
  STACK_OF(X509)* signer_certificates = CMS_get0_signers(cms.get());
  if (signer_certificates != nullptr && sk_X509_num(signer_certificates) > 0) {
    crypto::CertificateInfo info = crypto::describe_remembered(sk_X509_value(signer_certificates, 0));
    report.signer_subject = info.subject;
    report.signer_cvr = info.cvr;
  }
  sk_X509_free(signer_certificates);
  return report;
}

} // namespace klarmeld::sign
