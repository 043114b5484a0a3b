#include "taskforce/file_inspection.hpp"

#include "sign/verifier.hpp"
#include "taskforce/exclusion_text.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"

namespace klarmeld::taskforce {
namespace {

std::string signer_list(const sign::PackageReport& report) {
  std::string signers;
  for (const sign::SignatureReport& signature : report.signatures) {
    if (signature.signer_subject.empty()) {
      continue;
    }
    signers += (signers.empty() ? "" : "; ") + signature.signer_subject;
    if (!signature.signer_cvr.empty()) {
      signers += " (CVR " + signature.signer_cvr + ")";
    }
  }
  if (report.countersignature && !report.countersignature->signer_subject.empty()) {
    signers += (signers.empty() ? "" : "; ") + report.countersignature->signer_subject;
    if (!report.countersignature->signer_cvr.empty()) {
      signers += " (CVR " + report.countersignature->signer_cvr + ")";
    }
  }
  return signers;
}

void exclude(InspectedFile& file, std::string code, std::string reason) {
  file.accepted = false;
  file.exclusion_code = std::move(code);
  file.exclusion_reason = std::move(reason);
}

// Signatures decide first: content that no trusted signature covers is never read into the matrix.
bool check_signatures(const sign::PackageReport& report, InspectedFile& file) {
  file.signers = signer_list(report);
  // A countersigned file (FILE.countersign.p7s) counts its countersigner, so a duplicate prefers it.
  file.signature_count = report.signatures.size() + (report.countersignature ? 1 : 0);
  if (report.signatures.empty()) {
    exclude(file, "unsigned", unsigned_reason(report));
    return false;
  }
  if (!report.valid()) {
    exclude(file, "invalid", invalid_reason(report));
    return false;
  }
  if (!report.trusted()) {
    exclude(file, "untrusted", untrusted_reason(report));
    return false;
  }
  return true;
}

void fill_cells(const report::WorkbookSummary& content, const InspectionSettings& settings, InspectedFile& file) {
  file.cells.resize(settings.columns.size());
  for (size_t column = 0; column < settings.columns.size(); ++column) {
    const report::WorkbookInterface* interface = content.find_interface(settings.columns[column]);
    if (interface == nullptr) {
      continue; // an older catalog without this interface: shown as Ikke testet
    }
    InterfaceCell& cell = file.cells[column];
    cell.present = true;
    cell.klarmeldt = interface->klarmeldt;
    cell.pending_evidence = interface->pending_evidence;
  }
  for (const report::WorkbookInterface& interface : content.interfaces) {
    bool known = false;
    for (const std::string& column : settings.columns) {
      known = known || column == interface.id;
    }
    if (!known) {
      file.unknown_interfaces.push_back(interface.id);
    }
  }
  if (!settings.keep_criteria) {
    return;
  }
  for (const report::WorkbookCriterion& criterion : content.criteria) {
    for (size_t column = 0; column < settings.columns.size(); ++column) {
      if (settings.columns[column] == criterion.interface_id) {
        file.cells[column].criteria.push_back(CriterionCell{criterion.id, criterion.verdict, criterion.reason});
        break;
      }
    }
  }
}

// The criteria as signed: the SHA-256 verification took of the documentation sheet's part and of the
// shared strings while inflating them (sign::Package::sha256_hex), or taken here of a part it did not
// digest. "-" for a workbook without shared strings.
std::string criteria_parts_sha256(const sign::Package& package, const report::WorkbookSummary& content) {
  std::string joined;
  for (const std::string* part : {&content.documentation_part, &content.shared_strings_part}) {
    if (part->empty()) {
      joined += '-';
    } else if (const std::string* taken = package.sha256_hex(*part)) {
      joined += *taken;
    } else if (const std::string* bytes = package.find(*part)) {
      joined += sha256_hex(*bytes);
    }
    joined += ' ';
  }
  return joined;
}

void take_content(const report::WorkbookSummary& content, std::string_view criteria_sha256,
                  const InspectionSettings& settings, InspectedFile& file) {
  file.vendor = content.vendor_name;
  file.vendor_cvr = content.vendor_cvr;
  file.system = content.system_name;
  file.system_version = content.system_version;
  file.municipality = content.municipality_name;
  file.catalog_version = content.catalog_version;
  file.catalog_identity = content.catalog_identity;
  file.older_catalog = !settings.catalog_version.empty() && content.catalog_version != settings.catalog_version;
  file.incomplete = content.incomplete;
  file.identity = identify_submission(content, criteria_sha256);
  fill_cells(content, settings, file);
}

} // namespace

InspectedFile inspect_file(const std::string& path, const InspectionSettings& settings) {
  static const std::vector<crypto::X509Ptr> no_anchors;
  const auto& anchors = settings.trust_anchors != nullptr ? *settings.trust_anchors : no_anchors;
  InspectedFile file;
  file.path = path;
  auto bytes = read_file(path);
  if (!bytes) {
    exclude(file, "unreadable", unreadable_file_reason(bytes.error()));
    return file;
  }
  std::string digest = sha256(*bytes);
  file.sha256 = to_hex(digest);
  // The detached signatures beside the file are checked too, exactly as `klarmeld verify` does; their
  // content digest is this one, not a second pass over the file.
  sign::VerifiedPackage verified =
      sign::verify_package_keeping_parts(*bytes, path, anchors, sign::read_detached_signatures(path), digest);
  if (!check_signatures(verified.report, file)) {
    return file;
  }
  report::WorkbookReadLimits limits;
  limits.interface_sheets = false; // the matrix and the criteria need only the overview and documentation
  // The criteria themselves only for the HTML's details; which klarmelding a file is, and whether two
  // of the same time agree, takes their signed parts' digests instead (criteria_parts_sha256).
  limits.documentation_sheet = settings.keep_criteria;
  // The parts the signatures were just checked over, not a second inflate of the archive.
  auto parts = [&](std::string_view entry) { return verified.package.find(entry); };
  auto content = report::read_readiness_workbook_parts(*bytes, parts, path, limits);
  if (!content && limits.documentation_sheet && content.error().code != report::rollout_overview_error) {
    // A file counts by its overview with or without the HTML: when only the criteria cannot be read, it
    // is counted as without the HTML, and the HTML and the Input sheet say its criteria are missing.
    limits.documentation_sheet = false;
    auto overview_only = report::read_readiness_workbook_parts(*bytes, parts, path, limits);
    if (overview_only) {
      file.criteria_note = "Kriterierne kunne ikke læses: " + danish_reader_error(content.error(), path);
      content = std::move(overview_only);
    }
  }
  if (!content && content.error().code == report::rollout_overview_error) {
    // Beside the municipalities' workbooks of one `check` (docs/rollout.md): they count, each on its
    // own; their summary is listed, not counted and not an error.
    exclude(file, std::string(rollout_overview_code), "Udrulningsoversigt: " + std::string(rollout_overview_note));
    return file;
  }
  if (!content) {
    exclude(file, "unreadable", not_a_workbook_reason(content.error(), path));
    return file;
  }
  file.accepted = true;
  take_content(*content, criteria_parts_sha256(verified.package, *content), settings, file);
  return file;
}

} // namespace klarmeld::taskforce
