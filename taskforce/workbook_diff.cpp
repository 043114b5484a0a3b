#include "taskforce/workbook_diff.hpp"

#include "sign/verifier.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"

namespace klarmeld::taskforce {
namespace {

std::string signer_names(const sign::PackageReport& report) {
  std::string signers;
  for (const sign::SignatureReport& signature : report.signatures) {
    if (!signature.signer_subject.empty()) {
      signers += (signers.empty() ? "" : "; ") + signature.signer_subject;
    }
  }
  return signers;
}

void diff_interfaces(const report::WorkbookSummary& before, const report::WorkbookSummary& after, WorkbookDiff& diff) {
  for (const report::WorkbookInterface& old_interface : before.interfaces) {
    const report::WorkbookInterface* new_interface = after.find_interface(old_interface.id);
    if (new_interface == nullptr) {
      diff.interfaces_dropped.push_back(old_interface.id);
    } else if (new_interface->klarmeldt != old_interface.klarmeldt ||
               new_interface->pending_evidence != old_interface.pending_evidence) {
      diff.interface_changes.push_back(VerdictChange{old_interface.id, old_interface.klarmeldt,
                                                     new_interface->klarmeldt, old_interface.pending_evidence,
                                                     new_interface->pending_evidence});
    }
  }
  for (const report::WorkbookInterface& new_interface : after.interfaces) {
    if (before.find_interface(new_interface.id) == nullptr) {
      diff.interfaces_added.push_back(new_interface.id);
    }
  }
}

void diff_criteria(const report::WorkbookSummary& before, const report::WorkbookSummary& after, WorkbookDiff& diff) {
  for (const report::WorkbookCriterion& old_criterion : before.criteria) {
    const report::WorkbookCriterion* new_criterion = after.find_criterion(old_criterion.id);
    if (new_criterion == nullptr) {
      diff.criteria_dropped.push_back(old_criterion.id);
    } else if (new_criterion->verdict != old_criterion.verdict) {
      diff.criterion_changes.push_back(VerdictChange{old_criterion.id, old_criterion.verdict, new_criterion->verdict});
    }
  }
  for (const report::WorkbookCriterion& new_criterion : after.criteria) {
    if (before.find_criterion(new_criterion.id) == nullptr) {
      diff.criteria_added.push_back(new_criterion.id);
    }
  }
}

} // namespace

bool WorkbookDiff::regression() const {
  for (const auto* changes : {&interface_changes, &criterion_changes}) {
    for (const VerdictChange& change : *changes) {
      if (change.regression()) {
        return true;
      }
    }
  }
  return false;
}

Result<DiffSide> read_diff_side(const std::string& path, const std::vector<crypto::X509Ptr>& trust_anchors) {
  TRY_ASSIGN(std::string bytes, read_file(path));
  DiffSide side;
  side.path = path;
  side.sha256 = sha256_hex(bytes);
  sign::PackageReport report =
      sign::verify_package_bytes(bytes, path, trust_anchors, sign::read_detached_signatures(path));
  side.signers = signer_names(report);
  side.signature_valid = report.valid();
  side.signature_trusted = report.trusted();
  TRY_ASSIGN(side.content, report::read_readiness_workbook_bytes(bytes, path));
  return side;
}

WorkbookDiff diff_workbooks(DiffSide before, DiffSide after) {
  WorkbookDiff diff;
  const report::WorkbookSummary& old_content = before.content;
  const report::WorkbookSummary& new_content = after.content;
  diff.same_subject = old_content.vendor_name == new_content.vendor_name &&
                      old_content.system_name == new_content.system_name &&
                      old_content.municipality_name == new_content.municipality_name;
  diff.catalog_changed = old_content.catalog_version != new_content.catalog_version ||
                         old_content.catalog_identity != new_content.catalog_identity;
  diff.signer_changed = before.signers != after.signers;
  diff_interfaces(old_content, new_content, diff);
  diff_criteria(old_content, new_content, diff);
  diff.before = std::move(before);
  diff.after = std::move(after);
  return diff;
}

} // namespace klarmeld::taskforce
