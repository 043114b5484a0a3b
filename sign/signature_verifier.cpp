#include "sign/signature_verifier.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <libxml/uri.h>
#include <xmlsec/crypto.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>

#include "crypto/certificate_info.hpp"
#include "crypto/described_certificates.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/reference_resolution.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_security.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "sign/certificate_cache.hpp"
#include "sign/coverage.hpp"
#include "sign/opc_names.hpp"
#include "sign/part_names.hpp"
#include "sign/reference_cache.hpp"
#include "sign/relationships.hpp"
#include "sign/signer_certificate.hpp"
#include "sign/xmlsec_session.hpp"
#include "util/base64.hpp"
#include "util/digest.hpp"
#include "util/time.hpp"

namespace klarmeld::sign {
namespace {

using names::dsig_namespace;
using namespace crypto::xml;

// A Manifest URI without escapes or fragment names its part's bytes as they are.
bool plain_part_uri(std::string_view uri) {
  return uri.find('%') == std::string_view::npos && uri.find('#') == std::string_view::npos;
}

// `bytes` as lowercase hex equals `hex`, without building the hex string.
bool hex_equals(std::string_view bytes, std::string_view hex) {
  static constexpr char digits[] = "0123456789abcdef";
  if (hex.size() != 2 * bytes.size()) {
    return false;
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (hex[2 * i] != digits[byte >> 4] || hex[2 * i + 1] != digits[byte & 0x0f]) {
      return false;
    }
  }
  return true;
}

// Everything verification learns about one signature part, in order.
class SignatureCheck {
public:
  SignatureCheck(const Package& package, const ContentTypes& content_types, const std::string& part,
                 const std::vector<crypto::X509Ptr>& trust_anchors)
      : m_package(package), m_content_types(content_types), m_trust_anchors(trust_anchors) {
    m_report.part = "/" + part;
    m_part = part;
  }

  SignatureReport run() {
    if (read_structure()) {
      read_certificates();
      verify_core();
      verify_manifest();
      check_coverage();
      check_certificate();
    }
    m_report.valid = m_report.problems.empty();
    m_report.trusted = m_report.valid && m_report.trusted;
    return std::move(m_report);
  }

private:
  void problem(std::string code, std::string part, std::string message) {
    m_report.problems.push_back({std::move(code), std::move(part), std::move(message)});
  }

  // The signature must have the ECMA-376-2 shape: SignedInfo references the package object (holding
  // the Manifest) and the XAdES SignedProperties, all by same-document Id.
  bool read_structure() {
    const std::string* xml = m_package.find(m_part);
    if (xml == nullptr) {
      problem("signature.missing", m_report.part, "the signature part is missing");
      return false;
    }
    auto parsed = parse_untrusted_xml(*xml, m_report.part);
    if (!parsed) {
      problem("signature.malformed", m_report.part, parsed.error().message);
      return false;
    }
    m_document = std::move(parsed).value();
    m_signature = xmlDocGetRootElement(m_document.get());
    if (!is_element(m_signature, dsig_namespace, "Signature")) {
      problem("signature.malformed", m_report.part, "the root element is not ds:Signature");
      return false;
    }
    if (auto ids = register_ids(m_document.get(), IdAttributes::XmlDsig); !ids) {
      problem("signature.malformed", m_report.part, ids.error().message);
      return false;
    }
    xmlNode* signed_info = first_child_element(m_signature, dsig_namespace, "SignedInfo");
    for (xmlNode* reference : child_elements(signed_info, dsig_namespace, "Reference")) {
      std::string uri = attribute(reference, "URI");
      std::string type = attribute(reference, "Type");
      if (!uri.starts_with('#')) {
        problem("signature.malformed", m_report.part,
                "SignedInfo references '" + uri + "', not an element of the signature");
        return false;
      }
      xmlNode* target = element_by_id(m_document.get(), uri.substr(1));
      if (type == names::dsig_object_type && is_element(target, dsig_namespace, "Object") &&
          target->parent == m_signature && first_child_element(target, dsig_namespace, "Manifest") != nullptr) {
        m_manifest = first_child_element(target, dsig_namespace, "Manifest");
      } else if (type == names::xades_signed_properties_type &&
                 is_element(target, names::xades_namespace, "SignedProperties")) {
        m_signed_properties = target;
      }
    }
    if (m_manifest == nullptr) {
      problem("signature.malformed", m_report.part, "SignedInfo does not reference a package object with a Manifest");
      return false;
    }
    if (m_signed_properties == nullptr) {
      problem("signature.malformed", m_report.part,
              "SignedInfo does not reference XAdES SignedProperties (signing time and certificate unsigned)");
      return false;
    }
    if (xmlNode* comments = first_descendant(m_signature, names::office_digsig_namespace, "SignatureComments")) {
      m_report.comment = text(comments);
    }
    return true;
  }

  void read_certificates() {
    xmlNode* key_info = first_child_element(m_signature, dsig_namespace, "KeyInfo");
    for (xmlNode* data : child_elements(key_info, dsig_namespace, "X509Data")) {
      for (xmlNode* node : child_elements(data, dsig_namespace, "X509Certificate")) {
        auto der = klarmeld::base64_decode(text(node));
        crypto::X509Ptr certificate = der ? decode_certificate(*der) : nullptr;
        if (!certificate) {
          problem("certificate.malformed", m_report.part, "a KeyInfo X509Certificate is not a DER certificate");
          continue;
        }
        m_certificates.push_back(std::move(certificate));
      }
    }
    if (m_certificates.empty()) {
      problem("certificate.missing", m_report.part, "KeyInfo carries no X509Certificate");
      return;
    }
    // XAdES SigningCertificate (ETSI TS 101 903 §7.2.2): the signed digest picks the signer's certificate.
    xmlNode* cert = first_descendant(m_signed_properties, names::xades_namespace, "Cert");
    xmlNode* digest = first_descendant(first_child_element(cert, names::xades_namespace, "CertDigest"), dsig_namespace,
                                       "DigestValue");
    xmlNode* method = first_descendant(first_child_element(cert, names::xades_namespace, "CertDigest"), dsig_namespace,
                                       "DigestMethod");
    auto expected = klarmeld::base64_decode(text(digest));
    std::string algorithm = attribute(method, "Algorithm");
    for (const crypto::X509Ptr& candidate : m_certificates) {
      auto actual = digest_by_uri(algorithm, crypto::to_der(candidate.get()));
      if (expected && actual && *actual == *expected) {
        m_signer = candidate.get();
      }
    }
    if (m_signer == nullptr) {
      problem("certificate.digest-mismatch", m_report.part,
              "the signed XAdES certificate digest matches no certificate in KeyInfo (certificate swapped?)");
      return;
    }
    std::string serial = text(first_descendant(cert, dsig_namespace, "X509SerialNumber"));
    if (serial != crypto::serial_decimal(m_signer)) {
      problem("certificate.serial-mismatch", m_report.part, "XAdES IssuerSerial does not name the signing certificate");
    }
  }

  static void restrict_transforms(xmlSecDSigCtx* context) {
    // Only what package signatures use: no XSLT, XPath or other transforms from an untrusted file.
    const xmlSecTransformId allowed[] = {xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId,
                                         xmlSecTransformExclC14NId, xmlSecTransformRelationshipId,
                                         xmlSecTransformSha1Id,     xmlSecTransformSha256Id,
                                         xmlSecTransformSha512Id};
    for (xmlSecTransformId id : allowed) {
      xmlSecDSigCtxEnableReferenceTransform(context, id);
    }
  }

  static std::string reference_label(const std::string& uri) {
    if (uri == std::string("#") + names::package_object_id) {
      return "the package object (Manifest and signing time)";
    }
    if (uri == std::string("#") + names::office_object_id) {
      return "the Office signature details (SignatureInfoV1)";
    }
    if (uri == std::string("#") + names::signed_properties_id) {
      return "the XAdES signed properties (signing time, certificate)";
    }
    return "reference " + uri;
  }

  // XML-DSig core validation (§3.2): SignedInfo references, then SignatureValue with the signer's key.
  void verify_core() {
    X509* key_certificate =
        m_signer != nullptr ? m_signer : (m_certificates.empty() ? nullptr : m_certificates.front().get());
    if (key_certificate == nullptr) {
      return;
    }
    std::string method = attribute(first_descendant(first_child_element(m_signature, dsig_namespace, "SignedInfo"),
                                                    dsig_namespace, "SignatureMethod"),
                                   "Algorithm");
    if (method.find("sha256") == std::string::npos && method.find("sha384") == std::string::npos &&
        method.find("sha512") == std::string::npos) {
      problem("signature.algorithm", m_report.part,
              "signature method '" + method + "' is not accepted (SHA-2 required)");
      return;
    }
    auto key = bare_key(X509_get0_pubkey(key_certificate));
    DSigCtxPtr context(xmlSecDSigCtxCreate(nullptr));
    if (!key || !context) {
      problem("signature.internal", m_report.part, "cannot prepare the signature check");
      return;
    }
    context->signKey = std::move(key).value().release();
    context->flags = XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS; // checked one by one below
    context->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
    restrict_transforms(context.get());
    // Manifests ignored, SignedInfo's references are the only ones this context resolves.
    resolve_references_directly_when_equivalent(
        *context,
        child_elements(first_child_element(m_signature, dsig_namespace, "SignedInfo"), dsig_namespace, "Reference"));
    take_xmlsec_errors();
    if (xmlSecDSigCtxVerify(context.get(), m_signature) < 0) {
      problem("signature.unprocessable", m_report.part, "xmlsec cannot process the signature: " + take_xmlsec_errors());
      return;
    }
    if (context->status == xmlSecDSigStatusSucceeded) {
      return;
    }
    for (xmlSecSize i = 0; i < xmlSecPtrListGetSize(&context->signedInfoReferences); ++i) {
      auto* reference = static_cast<xmlSecDSigReferenceCtx*>(xmlSecPtrListGetItem(&context->signedInfoReferences, i));
      if (reference != nullptr && reference->status != xmlSecDSigStatusSucceeded) {
        std::string uri = reference->uri != nullptr ? reinterpret_cast<const char*>(reference->uri) : "";
        problem("signature.reference-modified", m_report.part, reference_label(uri) + " was changed after signing");
        return;
      }
    }
    problem("signature.value-mismatch", m_report.part, "SignatureValue does not verify with the signer's key");
  }

  // ECMA-376-2 §13.2.4.6 "/part?ContentType=type".
  static std::pair<std::string, std::string> split_manifest_uri(const std::string& uri) {
    size_t query = uri.find('?');
    std::string path = uri.substr(0, query);
    std::string content_type;
    if (query != std::string::npos) {
      std::string parameters = uri.substr(query + 1);
      if (parameters.starts_with("ContentType=")) {
        content_type = parameters.substr(std::string_view("ContentType=").size());
      }
    }
    std::string part = path;
    if (path.find('%') != std::string::npos) { // without one, unescaping copies the path as it is
      char* unescaped = xmlURIUnescapeString(path.c_str(), 0, nullptr);
      part = unescaped != nullptr ? unescaped : path;
      xmlFree(unescaped);
    }
    return {part.starts_with('/') ? part.substr(1) : part, content_type};
  }

  void check_relationship_selection(xmlNode* reference, const std::string& part) {
    std::set<std::string> selected;
    bool transform_found = false;
    for (xmlNode* transform :
         child_elements(first_child_element(reference, dsig_namespace, "Transforms"), dsig_namespace, "Transform")) {
      if (attribute(transform, "Algorithm") != names::relationship_transform) {
        continue;
      }
      transform_found = true;
      for (xmlNode* selector : child_elements(transform, names::digital_signature_namespace, "RelationshipReference")) {
        selected.insert(attribute(selector, "SourceId"));
      }
    }
    if (!transform_found) {
      return; // the whole .rels part is digested as bytes: every relationship is covered
    }
    auto relationships = parse_relationships(*m_package.find(part), part);
    if (!relationships) {
      problem("part.malformed", "/" + part, relationships.error().message);
      return;
    }
    for (const Relationship& relationship : *relationships) {
      if (relationship.type != names::signature_origin_relationship && !selected.contains(relationship.id)) {
        problem("relationship.not-covered", "/" + part,
                "relationship " + relationship.id + " (→ " + relationship.target + ") was added after signing");
      }
    }
  }

  // A Manifest reference to a part without Transforms digests the part's octets as they are (XML-DSig
  // 1.0 §4.3.3.2: an octet stream with no transforms is digested as is; ECMA-376-2 §13.2.4 uses
  // Transforms only for relationships parts). parse_package took that SHA-256 while inflating, so the
  // comparison needs neither xmlsec's copy of the part nor a second pass. Only the exact shape
  // qualifies — URI "/name[?query]" with no escapes or fragment, DigestMethod SHA-256 and nothing but
  // DigestMethod and DigestValue inside — anything else (nullopt) goes through xmlsec as before.
  std::optional<bool> digest_taken_while_inflating(xmlNode* reference, const std::string& uri,
                                                   const std::string& stored_name) const {
    const std::string* actual = m_package.sha256_hex(stored_name);
    if (actual == nullptr || !uri.starts_with('/') || !plain_part_uri(uri)) {
      return std::nullopt;
    }
    std::vector<xmlNode*> children = child_elements(reference);
    if (children.size() != 2 || !is_element(children[0], dsig_namespace, "DigestMethod") ||
        !is_element(children[1], dsig_namespace, "DigestValue") || children[0]->children != nullptr ||
        attribute(children[0], "Algorithm") != names::sha256) {
      return std::nullopt;
    }
    auto expected = klarmeld::base64_decode(text(children[1]));
    if (!expected) {
      return std::nullopt; // xmlsec words the malformed value
    }
    return hex_equals(*expected, *actual);
  }

  // Every Manifest reference on its own: part present, content type as declared, digest intact.
  void verify_manifest() {
    DSigCtxPtr context(xmlSecDSigCtxCreate(nullptr));
    if (!context) {
      problem("signature.internal", m_report.part, "cannot prepare the manifest check");
      return;
    }
    context->operation = xmlSecTransformOperationVerify;
    context->flags = XMLSEC_DSIG_FLAGS_STORE_MANIFEST_REFERENCES;
    context->enabledReferenceUris = xmlSecTransformUriTypeRemote; // "/part": only our resolver answers
    restrict_transforms(context.get());
    ServePackageParts serve(m_package);
    for (xmlNode* reference : child_elements(m_manifest)) {
      if (!is_element(reference, dsig_namespace, "Reference")) {
        problem("signature.malformed", m_report.part, "the Manifest holds something other than Reference");
        continue;
      }
      verify_manifest_reference(context.get(), reference);
    }
  }

  void verify_manifest_reference(xmlSecDSigCtx* context, xmlNode* reference) {
    std::string uri = attribute(reference, "URI");
    auto [part, declared_type] = split_manifest_uri(uri);
    std::string shown = "/" + part;
    const std::string* bytes = m_package.find_part(part);
    if (bytes == nullptr) {
      problem("part.missing", shown, "the signed part is not in the package (removed after signing?)");
      return;
    }
    // parse_package refuses names equal but for case, so an exact match is the only one; the
    // case-insensitive walk (ECMA-376-2 §9.1.1.1) is needed only when the URI's case differs.
    std::string stored_name = part;
    if (m_package.find(part) == nullptr) {
      for (const std::string& name : m_package.names()) {
        if (same_part_name(name, part)) {
          stored_name = name;
        }
      }
    }
    m_covered.insert(folded_part_name(stored_name));
    m_report.covered_parts.push_back("/" + stored_name);
    auto actual_type = m_content_types.type_of(stored_name);
    if (declared_type.empty()) {
      problem("part.content-type", shown, "the reference carries no ?ContentType=");
    } else if (!actual_type || *actual_type != declared_type) {
      problem("part.content-type", shown,
              "content type changed after signing: signed '" + declared_type + "', [Content_Types].xml says '" +
                  actual_type.value_or("(none)") + "'");
    }
    if (is_relationships_part(stored_name)) {
      check_relationship_selection(reference, stored_name);
    }
    if (std::optional<bool> intact = digest_taken_while_inflating(reference, uri, stored_name)) {
      if (!*intact) {
        problem("part.modified", shown, "the content was changed after signing (digest mismatch)");
      }
      return;
    }
    // The same part bytes under the same Reference verified before (sign/reference_cache.hpp). Only
    // URIs without escapes or fragment: then xmlsec's resolver is served exactly these bytes.
    std::optional<std::string> cache_key;
    const std::string* part_sha256 = m_package.sha256_hex(stored_name);
    if (part_sha256 != nullptr && plain_part_uri(uri)) {
      cache_key = manifest_reference_key(reference, *part_sha256);
    }
    if (cache_key && manifest_reference_known_intact(*cache_key)) {
      return;
    }
    DSigReferenceCtxPtr reference_context(xmlSecDSigReferenceCtxCreate(context, xmlSecDSigReferenceOriginManifest));
    if (!reference_context) {
      problem("signature.internal", shown, "cannot prepare the reference check");
      return;
    }
    take_xmlsec_errors();
    if (xmlSecDSigReferenceCtxProcessNode(reference_context.get(), reference) < 0) {
      problem("part.unprocessable", shown, "cannot compute the digest: " + take_xmlsec_errors());
      return;
    }
    if (reference_context->status != xmlSecDSigStatusSucceeded) {
      problem("part.modified", shown, "the content was changed after signing (digest mismatch)");
    } else if (cache_key) {
      remember_intact_manifest_reference(std::move(*cache_key));
    }
  }

  void check_coverage() {
    for (const std::string& name : signable_parts(m_package)) {
      if (!m_covered.contains(folded_part_name(name))) {
        problem("part.not-covered", "/" + name, "the part is not covered by this signature (added after signing)");
      }
    }
  }

  void check_certificate() {
    // Whole seconds, as certificate validity is stated (RFC 5280 §4.1.2.5); a SigningTime without a
    // zone is read as UTC, as packages from other tools carry one.
    auto signing_time =
        parse_xml_datetime(text(first_descendant(m_signed_properties, names::xades_namespace, "SigningTime")),
                           ZoneDesignator::OptionalMeansUtc);
    if (signing_time) {
      m_report.signing_time = std::chrono::floor<std::chrono::seconds>(*signing_time);
    }
    if (!m_report.signing_time) {
      problem("signature.no-signing-time", m_report.part, "XAdES SigningTime is missing or not a dateTime");
    } else if (*m_report.signing_time > Clock::now() + std::chrono::minutes(5)) {
      // Certificate validity is judged at the claimed time: a claim from the future would let a
      // not-yet-valid certificate pass.
      problem("signature.future-time", m_report.part,
              "the claimed signing time " + iso8601_utc(*m_report.signing_time) + " is in the future");
    }
    if (m_signer == nullptr) {
      return;
    }
    crypto::CertificateInfo info = crypto::describe_remembered(m_signer);
    m_report.signer_subject = info.subject;
    m_report.signer_issuer = info.issuer;
    m_report.signer_cvr = info.cvr;
    m_report.signer_serial = info.serial_hex;
    m_report.signer_sha256 = info.sha256_fingerprint;
    m_report.certificate_not_before = info.not_before;
    m_report.certificate_not_after = info.not_after;
    if (m_report.signing_time) {
      TimePoint at = *m_report.signing_time;
      m_report.certificate_valid_at_signing_time = info.not_before <= at && at <= info.not_after;
      if (at < info.not_before) {
        problem("certificate.not-yet-valid", m_report.part,
                "the signer's certificate was not yet valid at the signing time (valid from " +
                    iso8601_utc(info.not_before) + ")");
      } else if (at > info.not_after) {
        problem("certificate.expired", m_report.part,
                "the signer's certificate had expired at the signing time (valid until " + iso8601_utc(info.not_after) +
                    ")");
      }
    }
    ChainCheck chain = check_chain(m_signer, m_certificates, m_trust_anchors, m_report.signing_time);
    m_report.trusted = chain.trusted;
    m_report.trust_problem = chain.problem;
    m_report.trust_problem_code = chain.code;
    m_report.trust_problem_detail = chain.detail;
  }

  const Package& m_package;
  const ContentTypes& m_content_types;
  const std::vector<crypto::X509Ptr>& m_trust_anchors;
  std::string m_part;
  SignatureReport m_report;
  XmlDocPtr m_document;
  xmlNode* m_signature = nullptr;
  xmlNode* m_manifest = nullptr;
  xmlNode* m_signed_properties = nullptr;
  std::vector<crypto::X509Ptr> m_certificates;
  X509* m_signer = nullptr;
  std::set<std::string> m_covered;
};

} // namespace

SignatureReport verify_signature_part(const Package& package, const ContentTypes& content_types,
                                      const std::string& signature_part,
                                      const std::vector<crypto::X509Ptr>& trust_anchors) {
  if (auto ready = ensure_xmlsec(); !ready) {
    SignatureReport report;
    report.part = "/" + signature_part;
    report.problems.push_back({"signature.internal", report.part, ready.error().message});
    return report;
  }
  return SignatureCheck(package, content_types, signature_part, trust_anchors).run();
}

} // namespace klarmeld::sign
