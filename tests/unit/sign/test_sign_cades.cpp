#include <doctest/doctest.h>

#include <openssl/cms.h>
#include <openssl/ess.h>

#include "crypto/certificate_info.hpp"
#include "crypto/identity.hpp"
#include "sign/cades.hpp"
#include "sign/certificate_cache.hpp"
#include "sign/signer_certificate.hpp"
#include "sign_test_support.hpp"
#include "util/digest.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

// A detached CMS signature over `content` whose ESS signing-certificate-v2 attribute names
// `ess_names` (none when null) and whose signingTime is `signed_at` (now when nullopt): OpenSSL's own
// CAdES signing order (CMS_PARTIAL, the attributes, CMS_final), with the attributes chosen here.
std::string cms_signature(std::string_view content, const crypto::Identity& signer, X509* ess_names,
                          std::optional<TimePoint> signed_at = std::nullopt) {
  crypto::X509StackPtr chain(sk_X509_new_null());
  for (const crypto::X509Ptr& certificate : signer.chain) {
    X509_up_ref(certificate.get());
    sk_X509_push(chain.get(), certificate.get());
  }
  const int flags = CMS_DETACHED | CMS_BINARY;
  crypto::CmsPtr cms(CMS_sign(signer.certificate.get(), signer.key.get(), chain.get(), nullptr, flags | CMS_PARTIAL));
  REQUIRE(cms);
  CMS_SignerInfo* signer_info = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  if (ess_names != nullptr) {
    ESS_SIGNING_CERT_V2* ess = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), ess_names, nullptr, 0);
    ASN1_STRING* der = ASN1_item_pack(ess, ASN1_ITEM_rptr(ESS_SIGNING_CERT_V2), nullptr);
    REQUIRE(CMS_signed_add1_attr_by_NID(signer_info, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, der->data,
                                        der->length) == 1);
    ASN1_STRING_free(der);
    ESS_SIGNING_CERT_V2_free(ess);
  }
  if (signed_at) {
    ASN1_TIME* time = ASN1_TIME_set(nullptr, Clock::to_time_t(*signed_at));
    REQUIRE(CMS_signed_add1_attr_by_NID(signer_info, NID_pkcs9_signingTime, time->type, time, -1) == 1);
    ASN1_TIME_free(time);
  }
  crypto::BioPtr data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  REQUIRE(CMS_final(cms.get(), data.get(), nullptr, flags) == 1);
  crypto::BioPtr output(BIO_new(BIO_s_mem()));
  REQUIRE(i2d_CMS_bio(output.get(), cms.get()) == 1);
  char* bytes = nullptr;
  long length = BIO_get_mem_data(output.get(), &bytes);
  return std::string(bytes, static_cast<std::size_t>(length));
}

// The report with and without the content's SHA-256 handed in must be the same, field by field.
void check_same_with_digest(std::string_view content, std::string_view p7s,
                            const std::vector<crypto::X509Ptr>& anchors) {
  CadesReport alone = verify_detached_cades(content, p7s, anchors);
  CadesReport given = verify_detached_cades(content, p7s, anchors, sha256(content));
  CHECK(given.valid == alone.valid);
  CHECK(given.trusted == alone.trusted);
  CHECK(given.problem == alone.problem);
  CHECK(given.signer_subject == alone.signer_subject);
  CHECK(given.signer_cvr == alone.signer_cvr);
  CHECK(given.signing_time == alone.signing_time);
}

// The DER with the first SHA-256 algorithm identifier turned into SHA-384's: in a SignedData that is
// the digestAlgorithms set (RFC 5652 §5.1), which no signature covers; the SignerInfo's own
// digestAlgorithm, later in the DER, stays SHA-256.
std::string with_digest_set_sha384(std::string p7s) {
  const std::string sha256_oid("\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01", 11);
  size_t at = p7s.find(sha256_oid);
  REQUIRE(at != std::string::npos);
  p7s[at + sha256_oid.size() - 1] = '\x02';
  return p7s;
}

std::vector<crypto::X509Ptr> issuing_ca_anchor() {
  std::vector<crypto::X509Ptr> anchors;
  X509_up_ref(pki().issuing_ca.certificate.get());
  anchors.emplace_back(pki().issuing_ca.certificate.get());
  return anchors;
}

} // namespace

TEST_SUITE("sign::cades") {
  TEST_CASE("a detached CAdES-BES signature verifies over the same bytes and chains to the root") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    CadesReport report = verify_detached_cades(content, p7s, root_anchor());
    INFO(report.problem);
    CHECK(report.valid);
    CHECK(report.trusted);
    CHECK(report.signer_cvr == "12345674");
    CHECK(report.signing_time.has_value());
  }

  TEST_CASE("one changed byte makes it invalid") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    content[content.size() / 3] ^= 0x01;
    CadesReport report = verify_detached_cades(content, p7s, root_anchor());
    CHECK_FALSE(report.valid);
    CHECK(report.problem.find("does not match") != std::string::npos);
  }

  TEST_CASE("the content's SHA-256 handed in gives the same report as OpenSSL digesting the content") {
    std::string content = workbook_bytes();
    const crypto::Identity& vendor = pki().vendor_system;
    std::string p7s = create_detached_cades(content, vendor).value();
    check_same_with_digest(content, p7s, root_anchor());
    check_same_with_digest(content, p7s, unrelated_anchor());
    check_same_with_digest(content, cms_signature(content, vendor, nullptr), root_anchor());
    check_same_with_digest(content, "not DER", root_anchor());
    check_same_with_digest(content, p7s.substr(0, p7s.size() / 2), root_anchor());
    std::string changed = content;
    changed[changed.size() / 3] ^= 0x01;
    check_same_with_digest(changed, p7s, root_anchor());
  }

  TEST_CASE("with the content's SHA-256 handed in, one changed byte still makes it invalid") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    CHECK(verify_detached_cades(content, p7s, root_anchor(), sha256(content)).valid);
    content[content.size() / 3] ^= 0x01;
    CadesReport report = verify_detached_cades(content, p7s, root_anchor(), sha256(content));
    CHECK_FALSE(report.valid);
    CHECK(report.problem == "the signature does not match the file: content verify error");
  }

  TEST_CASE("a SignedData that does not digest with the signer's algorithm is refused, digest handed in or not") {
    // CMS_verify digests the content once per entry of the digestAlgorithms set and finds no
    // SHA-256 context for the SHA-256 signer: "content verify error", although messageDigest is the
    // content's SHA-256.
    std::string content = workbook_bytes();
    std::string p7s = with_digest_set_sha384(create_detached_cades(content, pki().vendor_system).value());
    CadesReport alone = verify_detached_cades(content, p7s, root_anchor());
    CHECK_FALSE(alone.valid);
    CHECK(alone.problem == "the signature does not match the file: content verify error");
    check_same_with_digest(content, p7s, root_anchor());
  }

  TEST_CASE("an unrelated anchor leaves it valid but untrusted") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    CadesReport report = verify_detached_cades(content, p7s, unrelated_anchor());
    CHECK(report.valid);
    CHECK_FALSE(report.trusted);
  }

  TEST_CASE("garbage is not a signature") {
    CadesReport report = verify_detached_cades("content", "not DER", root_anchor());
    CHECK_FALSE(report.valid);
    CHECK(report.problem.find("not a DER CMS") != std::string::npos);
  }

  TEST_CASE("a CMS signature without the ESS signing-certificate attribute is intact, not a trusted CAdES") {
    std::string content = workbook_bytes();
    CadesReport report =
        verify_detached_cades(content, cms_signature(content, pki().vendor_system, nullptr), root_anchor());
    CHECK(report.valid);
    CHECK_FALSE(report.trusted);
    CHECK(report.problem.find("ESS signing-certificate") != std::string::npos);
  }

  TEST_CASE("an ESS attribute naming another certificate than the signer's is not trusted") {
    std::string content = workbook_bytes();
    X509* someone_else = pki().municipality.certificate.get();
    CadesReport report =
        verify_detached_cades(content, cms_signature(content, pki().vendor_system, someone_else), root_anchor());
    CHECK(report.valid);
    CHECK_FALSE(report.trusted);
    CHECK(report.problem.find("ESS signing-certificate") != std::string::npos);
    X509* signer = pki().vendor_system.certificate.get();
    CHECK(verify_detached_cades(content, cms_signature(content, pki().vendor_system, signer), root_anchor()).trusted);
  }

  TEST_CASE("a signer's chain known from an earlier file is judged at each file's signing time") {
    std::string content = workbook_bytes();
    const crypto::Identity& vendor = pki().vendor_system;
    TimePoint not_before = crypto::describe(vendor.certificate.get()).not_before;
    CHECK(verify_detached_cades(content, create_detached_cades(content, vendor).value(), root_anchor()).trusted);
    std::string early = cms_signature(content, vendor, vendor.certificate.get(), not_before - std::chrono::hours(48));
    CadesReport report = verify_detached_cades(content, early, root_anchor());
    CHECK(report.valid);
    CHECK_FALSE(report.trusted);
    CHECK(report.problem == "the signer does not chain to a given trust anchor: certificate is not yet valid");
    CHECK(verify_detached_cades(content, create_detached_cades(content, vendor).value(), root_anchor()).trusted);
  }

  TEST_CASE("a chain the package signature accepted as partial does not make a CAdES trusted") {
    // The issuing CA alone as anchor: the package signature allows partial chains, CMS_verify's
    // "smime_sign" check does not. The package check is given exactly the certificate objects the
    // CAdES check will see (the per-process certificate objects, in the CMS's order), so only the
    // chain cache's policy keeps its answer from the CAdES check.
    const crypto::Identity& vendor = pki().vendor_system;
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, vendor).value();
    crypto::BioPtr der(BIO_new_mem_buf(p7s.data(), static_cast<int>(p7s.size())));
    crypto::CmsPtr cms(d2i_CMS_bio(der.get(), nullptr));
    REQUIRE(cms);
    crypto::X509StackPtr in_cms(CMS_get1_certs(cms.get()));
    std::vector<crypto::X509Ptr> carried;
    for (int i = 0; i < sk_X509_num(in_cms.get()); ++i) {
      carried.push_back(decode_certificate(crypto::to_der(sk_X509_value(in_cms.get(), i))));
    }
    crypto::X509Ptr signer = decode_certificate(crypto::to_der(vendor.certificate.get()));
    CHECK(check_chain(signer.get(), carried, issuing_ca_anchor(), Clock::now()).trusted);
    CadesReport report = verify_detached_cades(content, p7s, issuing_ca_anchor());
    INFO(report.problem);
    CHECK(report.valid);
    CHECK_FALSE(report.trusted);
  }
}
