#include "sign/verifier.hpp"

#include <set>

#include "sign/content_types.hpp"
#include "sign/opc_names.hpp"
#include "sign/package.hpp"
#include "sign/relationships.hpp"
#include "sign/signature_verifier.hpp"
#include "util/files.hpp"

namespace klarmeld::sign {
namespace {

// ECMA-376-2 §13.2.3: package root → (origin relationship) → origin part → (signature relationships) → sigN.xml.
struct SignatureParts {
  std::string origin;
  std::vector<std::string> signatures;
};

Result<SignatureParts> find_signature_parts(const Package& package) {
  SignatureParts found;
  const std::string* root_xml = package.find(names::root_relationships_part);
  if (root_xml == nullptr) {
    return input_error("package.no-relationships", "the package has no _rels/.rels");
  }
  TRY_ASSIGN(auto root, parse_relationships(*root_xml, names::root_relationships_part));
  for (const Relationship& relationship : root) {
    if (relationship.type == names::signature_origin_relationship) {
      found.origin = resolve_target("", relationship.target);
    }
  }
  if (found.origin.empty()) {
    return found;
  }
  const std::string* origin_xml = package.find(relationships_part_for(found.origin));
  if (origin_xml == nullptr) {
    return found;
  }
  TRY_ASSIGN(auto origin, parse_relationships(*origin_xml, relationships_part_for(found.origin)));
  for (const Relationship& relationship : origin) {
    if (relationship.type == names::signature_relationship) {
      found.signatures.push_back(resolve_target(found.origin, relationship.target));
    }
  }
  return found;
}

// Parts under _xmlsignatures/ are covered by no signature; only the signature plumbing may be there.
void report_stray_signature_parts(const Package& package, const SignatureParts& parts, PackageReport& report) {
  std::set<std::string> expected = {parts.origin, relationships_part_for(parts.origin)};
  for (const std::string& signature : parts.signatures) {
    expected.insert(signature);
    expected.insert(relationships_part_for(signature));
  }
  for (const std::string& name : package.names()) {
    if (name.starts_with(names::signatures_folder) && !expected.contains(name)) {
      report.problems.push_back(
          {"part.not-covered", "/" + name, "a part in _xmlsignatures/ that is neither a signature nor its origin"});
    }
  }
}

} // namespace

bool PackageReport::valid() const {
  if (!problems.empty() || signatures.empty() || (cades && !cades->valid) ||
      (countersignature && !countersignature->valid)) {
    return false;
  }
  for (const SignatureReport& signature : signatures) {
    if (!signature.valid) {
      return false;
    }
  }
  return true;
}

bool PackageReport::trusted() const {
  if (!valid() || (cades && !cades->trusted) || (countersignature && !countersignature->trusted)) {
    return false;
  }
  for (const SignatureReport& signature : signatures) {
    if (!signature.trusted) {
      return false;
    }
  }
  return true;
}

PackageReport verify_package_bytes(std::string_view bytes, const std::string& name,
                                   const std::vector<crypto::X509Ptr>& trust_anchors,
                                   std::optional<std::string_view> p7s) {
  DetachedSignatures detached;
  if (p7s) {
    detached.cades = std::string(*p7s);
  }
  return verify_package_bytes(bytes, name, trust_anchors, detached);
}

PackageReport verify_package_bytes(std::string_view bytes, const std::string& name,
                                   const std::vector<crypto::X509Ptr>& trust_anchors,
                                   const DetachedSignatures& detached) {
  return verify_package_keeping_parts(bytes, name, trust_anchors, detached).report;
}

VerifiedPackage verify_package_keeping_parts(std::string_view bytes, const std::string& name,
                                             const std::vector<crypto::X509Ptr>& trust_anchors,
                                             const DetachedSignatures& detached, std::string_view bytes_sha256) {
  VerifiedPackage verified;
  PackageReport& report = verified.report;
  report.path = name;
  if (detached.cades) {
    report.cades = verify_detached_cades(bytes, *detached.cades, trust_anchors, bytes_sha256);
  }
  if (detached.countersign) {
    report.countersignature = verify_detached_cades(bytes, *detached.countersign, trust_anchors, bytes_sha256);
  }
  auto parsed = parse_package(bytes, name);
  if (!parsed) {
    report.problems.push_back({"package.unreadable", "", parsed.error().message});
    return verified;
  }
  verified.package = std::move(parsed).value();
  const Package* package = &verified.package;
  const std::string* content_types_xml = package->find(names::content_types_part);
  auto content_types = content_types_xml != nullptr
                           ? ContentTypes::parse(*content_types_xml, name)
                           : Result<ContentTypes>(input_error("package.no-content-types", "no [Content_Types].xml"));
  if (!content_types) {
    report.problems.push_back({"package.content-types", "/[Content_Types].xml", content_types.error().message});
    return verified;
  }
  auto parts = find_signature_parts(*package);
  if (!parts) {
    report.problems.push_back({"package.relationships", "/_rels/.rels", parts.error().message});
    return verified;
  }
  if (parts->signatures.empty()) {
    report.problems.push_back({"package.unsigned", "", "the package carries no package signature"});
  }
  report_stray_signature_parts(*package, *parts, report);
  for (const std::string& signature : parts->signatures) {
    report.signatures.push_back(verify_signature_part(*package, *content_types, signature, trust_anchors));
    // Office suites find signature parts by content type as well as by relationship (ECMA-376-2 §13.2.4).
    if (content_types->type_of(signature) != std::optional<std::string>(names::signature_content_type)) {
      report.signatures.back().problems.push_back(
          {"signature.content-type", "/" + signature, "[Content_Types].xml does not declare it an XML signature part"});
      report.signatures.back().valid = false;
      report.signatures.back().trusted = false;
    }
  }
  return verified;
}

PackageReport verify_package(const std::string& path, const std::vector<crypto::X509Ptr>& trust_anchors) {
  auto bytes = read_file(path);
  if (!bytes) {
    PackageReport report;
    report.path = path;
    report.problems.push_back({"package.unreadable", "", bytes.error().message});
    return report;
  }
  return verify_package_bytes(*bytes, path, trust_anchors, read_detached_signatures(path));
}

} // namespace klarmeld::sign
