// `klarmeld diff` logic on real signed workbooks: flips in both directions, interfaces added and
// dropped, catalog version and signer changes.
#include <doctest/doctest.h>

#include <algorithm>

#include "bench/synthetic_assessment.hpp"
#include "taskforce/workbook_diff.hpp"
#include "taskforce_support.hpp"

namespace klarmeld::taskforce {
namespace {

using testing::catalog;
using testing::pki;

engine::Assessment base() {
  engine::Assessment assessment = bench::synthetic_assessment(catalog(), 11);
  for (const std::string& id : catalog().order) {
    bench::set_interface_verdict(assessment, id, Verdict::Ja);
  }
  return assessment;
}

WorkbookDiff diff_of(const engine::Assessment& before, const engine::Assessment& after,
                     const crypto::Identity& after_signer) {
  static int counter = 0;
  std::string dir = testing::fresh_dir("diff" + std::to_string(++counter));
  testing::write_workbook(before, dir + "/old.xlsx", &pki().vendor_system);
  testing::write_workbook(after, dir + "/new.xlsx", &after_signer);
  auto anchors = testing::trust_anchors();
  auto old_side = read_diff_side(dir + "/old.xlsx", anchors);
  auto new_side = read_diff_side(dir + "/new.xlsx", anchors);
  REQUIRE(old_side);
  REQUIRE(new_side);
  CHECK(old_side->signature_trusted);
  return diff_workbooks(std::move(*old_side), std::move(*new_side));
}

bool has_change(const std::vector<VerdictChange>& changes, const std::string& id, Verdict before, Verdict after) {
  return std::any_of(changes.begin(), changes.end(), [&](const VerdictChange& change) {
    return change.id == id && change.before == before && change.after == after;
  });
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

TEST_SUITE("taskforce::diff") {
  TEST_CASE("identical runs: no change, no regression") {
    WorkbookDiff diff = diff_of(base(), base(), pki().vendor_system);
    CHECK(diff.same_subject);
    CHECK_FALSE(diff.regression());
    CHECK(diff.criterion_changes.empty());
    CHECK(diff.interface_changes.empty());
    CHECK_FALSE(diff.signer_changed);
    CHECK_FALSE(diff.catalog_changed);
  }

  TEST_CASE("Ja became Nej: a regression, attributed to interface and criteria") {
    engine::Assessment after = base();
    bench::set_interface_verdict(after, "SF1500", Verdict::Nej);
    WorkbookDiff diff = diff_of(base(), after, pki().vendor_system);
    CHECK(diff.regression());
    CHECK(has_change(diff.interface_changes, "SF1500", Verdict::Ja, Verdict::Nej));
    CHECK(has_change(diff.criterion_changes, "SF1500.1", Verdict::Ja, Verdict::Nej));
    CHECK(diff.interface_changes.size() == 1);
  }

  TEST_CASE("Nej became Ja: an improvement, no regression") {
    engine::Assessment before = base();
    bench::set_interface_verdict(before, "SF1500", Verdict::Nej);
    WorkbookDiff diff = diff_of(before, base(), pki().vendor_system);
    CHECK_FALSE(diff.regression());
    CHECK(has_change(diff.interface_changes, "SF1500", Verdict::Nej, Verdict::Ja));
  }

  TEST_CASE("Ja became Ikke testet is a change but not a regression") {
    engine::Assessment after = base();
    bench::set_interface_verdict(after, "SF0810", Verdict::IkkeTestet);
    WorkbookDiff diff = diff_of(base(), after, pki().vendor_system);
    CHECK_FALSE(diff.regression());
    CHECK(has_change(diff.interface_changes, "SF0810", Verdict::Ja, Verdict::IkkeTestet));
  }

  TEST_CASE("Ikke testet that became Afventer dokumentation is a change, read from the sheet") {
    // Issue #14 item 4: a pending interface's klarmeldt is Ikke testet on both sides, yet it is its own
    // state on the overview sheet, so diff must see the move and say it in the sheet's words.
    engine::Assessment before = base();
    bench::set_interface_verdict(before, "SF0810", Verdict::IkkeTestet);
    engine::Assessment after = before;
    for (engine::InterfaceOutcome& interface : after.interfaces) {
      interface.pending_evidence = interface.id == "SF0810";
    }
    WorkbookDiff diff = diff_of(before, after, pki().vendor_system);
    CHECK_FALSE(diff.regression());
    auto change = std::find_if(diff.interface_changes.begin(), diff.interface_changes.end(),
                               [](const VerdictChange& item) { return item.id == "SF0810"; });
    REQUIRE(change != diff.interface_changes.end());
    CHECK_FALSE(change->before_pending);
    CHECK(change->after_pending);
    CHECK(change->before == Verdict::IkkeTestet);
    CHECK(change->after == Verdict::IkkeTestet);
  }

  TEST_CASE("interfaces dropped and added, with the catalog version change") {
    engine::Assessment before = base();
    before.catalog_version = "0.9.0";
    before.interfaces.pop_back(); // SF1606 not in the older catalog
    engine::Assessment after = base();
    after.interfaces.erase(after.interfaces.begin()); // SF0741 gone
    WorkbookDiff diff = diff_of(before, after, pki().vendor_system);
    CHECK(contains(diff.interfaces_added, "SF1606"));
    CHECK(contains(diff.interfaces_dropped, "SF0741"));
    CHECK(contains(diff.criteria_added, "SF1606.1"));
    CHECK(contains(diff.criteria_dropped, "SF0741.1"));
    CHECK(diff.catalog_changed);
    CHECK_FALSE(diff.regression());
  }

  TEST_CASE("signer change is reported") {
    WorkbookDiff diff = diff_of(base(), base(), pki().municipality);
    CHECK(diff.signer_changed);
    CHECK(diff.before.signers != diff.after.signers);
    CHECK_FALSE(diff.regression());
  }

  TEST_CASE("different subject is flagged") {
    engine::Assessment after = base();
    after.municipality_name = "Odense";
    after.municipality_code = 461;
    WorkbookDiff diff = diff_of(base(), after, pki().vendor_system);
    CHECK_FALSE(diff.same_subject);
  }
}

} // namespace klarmeld::taskforce
