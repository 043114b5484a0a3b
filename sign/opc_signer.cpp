#include "sign/opc_signer.hpp"

#include <algorithm>

#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>

#include "crypto/certificate_info.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_security.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "sign/cades.hpp"
#include "sign/content_types.hpp"
#include "sign/coverage.hpp"
#include "sign/detached_signatures.hpp"
#include "sign/opc_names.hpp"
#include "sign/relationships.hpp"
#include "sign/signature_template.hpp"
#include "sign/xmlsec_session.hpp"
#include "util/base64.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/output_set.hpp"

namespace klarmeld::sign {
namespace {

namespace x = crypto::xml;

Result<std::vector<Relationship>> relationships_of(const Package& package, const std::string& rels_part) {
  const std::string* xml = package.find(rels_part);
  if (xml == nullptr) {
    return std::vector<Relationship>{};
  }
  return parse_relationships(*xml, rels_part);
}

std::string next_signature_part(const Package& package) {
  for (size_t n = 1; n <= package.size() + 1; ++n) {
    std::string candidate = std::string(names::signatures_folder) + "sig" + std::to_string(n) + ".xml";
    if (package.find(candidate) == nullptr) {
      return candidate;
    }
  }
  return std::string(names::signatures_folder) + "sig" + std::to_string(package.size() + 2) + ".xml";
}

// ECMA-376-2 §13.2.3: the package root points at the signature origin, the origin at each signature.
Status add_signature_plumbing(Package& package, ContentTypes& content_types, const std::string& signature_part) {
  TRY_ASSIGN(auto root, relationships_of(package, names::root_relationships_part));
  bool has_origin = std::any_of(root.begin(), root.end(), [](const Relationship& relationship) {
    return relationship.type == names::signature_origin_relationship;
  });
  if (!has_origin) {
    root.push_back({unused_relationship_id(root), names::signature_origin_relationship, names::origin_part, ""});
    package.put(names::root_relationships_part, serialize_relationships(root));
  }
  if (package.find(names::origin_part) == nullptr) {
    package.put(names::origin_part, "");
  }
  TRY_ASSIGN(auto origin, relationships_of(package, names::origin_relationships_part));
  std::string target = signature_part.substr(std::string_view(names::signatures_folder).size());
  origin.push_back({unused_relationship_id(origin), names::signature_relationship, target, ""});
  package.put(names::origin_relationships_part, serialize_relationships(origin));

  content_types.set_default("sigs", names::origin_content_type);
  content_types.set_override("/" + signature_part, names::signature_content_type);
  if (!content_types.type_of(names::origin_relationships_part)) {
    content_types.set_default("rels", names::relationships_content_type);
  }
  package.put(names::content_types_part, content_types.serialize());
  return Ok{};
}

Result<std::vector<ManifestEntry>> manifest_entries(const Package& package, const ContentTypes& content_types) {
  std::vector<ManifestEntry> entries;
  for (const std::string& name : signable_parts(package)) {
    auto type = content_types.type_of(name);
    if (!type) {
      return input_error("package.no-content-type", "part '/" + name + "' has no content type in [Content_Types].xml");
    }
    ManifestEntry entry{name, *type, false, {}};
    if (is_relationships_part(name)) {
      TRY_ASSIGN(auto relationships, parse_relationships(*package.find(name), name));
      entry.relationships = true;
      entry.relationship_ids = signable_relationship_ids(relationships);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

SignatureTemplate template_for(const crypto::Identity& signer, const SignOptions& options,
                               std::vector<ManifestEntry> entries) {
  SignatureTemplate input;
  input.entries = std::move(entries);
  input.certificates_base64.push_back(base64_encode(crypto::to_der(signer.certificate.get())));
  for (const crypto::X509Ptr& member : signer.chain) {
    input.certificates_base64.push_back(base64_encode(crypto::to_der(member.get())));
  }
  input.certificate_digest_base64 =
      base64_encode(x::digest_by_uri(names::sha256, crypto::to_der(signer.certificate.get())).value_or(""));
  input.issuer_name = crypto::name_rfc2253(X509_get_issuer_name(signer.certificate.get()));
  input.serial_number = crypto::serial_decimal(signer.certificate.get());
  input.signing_time = iso8601_utc(options.signing_time);
  input.comment = options.comment;
  return input;
}

// xmlsec computes every Manifest digest (reading parts through ServePackageParts), then the
// SignedInfo references, then the RSA-SHA256 signature.
Result<std::string> sign_template(const std::string& xml, const Package& package, const crypto::Identity& signer) {
  TRY(ensure_xmlsec());
  TRY_ASSIGN(x::XmlDocPtr document, x::parse_untrusted_xml(xml, "signature template"));
  TRY(x::register_ids(document.get(), x::IdAttributes::XmlDsig));
  TRY_ASSIGN(x::XmlSecKeyPtr key, x::bare_key(signer.key.get()));
  x::DSigCtxPtr context(xmlSecDSigCtxCreate(nullptr));
  if (!context) {
    return internal_error("sign.xmlsec", "cannot create an xmlsec signature context");
  }
  context->signKey = key.release(); // the context owns and frees it
  xmlNode* signature = xmlDocGetRootElement(document.get());
  ServePackageParts serve(package);
  x::take_xmlsec_errors();
  if (xmlSecDSigCtxSign(context.get(), signature) < 0 || context->status != xmlSecDSigStatusSucceeded) {
    return internal_error("sign.xmlsec", "xmlsec could not sign the package: " + x::take_xmlsec_errors());
  }
  return x::serialize_document(document.get());
}

} // namespace

Result<SignOutcome> add_package_signature(Package& package, const crypto::Identity& signer,
                                          const SignOptions& options) {
  if (!signer.key || !signer.certificate) {
    return runtime_error("sign.no-key", "no signing key and certificate");
  }
  const std::string* content_types_xml = package.find(names::content_types_part);
  if (content_types_xml == nullptr) {
    return input_error("package.no-content-types", "the package has no [Content_Types].xml");
  }
  TRY_ASSIGN(ContentTypes content_types, ContentTypes::parse(*content_types_xml, names::content_types_part));
  SignOutcome outcome;
  outcome.countersignature = package.find(names::origin_relationships_part) != nullptr;
  outcome.signature_part = next_signature_part(package);
  TRY(add_signature_plumbing(package, content_types, outcome.signature_part));
  TRY_ASSIGN(auto entries, manifest_entries(package, content_types));
  std::string unsigned_xml = build_signature_xml(template_for(signer, options, std::move(entries)));
  TRY_ASSIGN(std::string signed_xml, sign_template(unsigned_xml, package, signer));
  package.put(outcome.signature_part, std::move(signed_xml));
  return outcome;
}

Result<SignedWorkbook> sign_workbook_bytes(std::string_view workbook, const crypto::Identity& signer,
                                           const SignOptions& options) {
  TRY_ASSIGN(Package package, parse_package(workbook, "the workbook"));
  SignedWorkbook result;
  TRY_ASSIGN(result.outcome, add_package_signature(package, signer, options));
  TRY_ASSIGN(result.workbook, serialize_package(package, workbook));
  if (options.cades) {
    TRY_ASSIGN(result.cades, create_detached_cades(result.workbook, signer));
  }
  return result;
}

Result<SignOutcome> sign_file(const std::string& path, const crypto::Identity& signer, const SignOptions& options) {
  TRY_ASSIGN(std::string bytes, read_file(path));
  TRY_ASSIGN(SignedWorkbook signed_workbook, sign_workbook_bytes(bytes, signer, options));
  OutputSet set(path);
  set.require_unchanged(path, sha256_hex(bytes));
  TRY(set.add(path, OutputRole::Primary, signed_workbook.workbook));
  if (options.cades) {
    signed_workbook.outcome.cades_path = cades_path(path);
    TRY(set.add(signed_workbook.outcome.cades_path, OutputRole::Vouching, signed_workbook.cades));
  } else {
    set.remove_stale(cades_path(path));
  }
  set.remove_stale(countersign_path(path));
  set.remove_stale(attestation_path(path));
  TRY(set.commit());
  return std::move(signed_workbook.outcome);
}

} // namespace klarmeld::sign
