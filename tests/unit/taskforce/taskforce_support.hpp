// Shared set-up for the taskforce tests: the real catalog, the fixture test PKI (generated once), and
// signed workbooks written with the tool's own writer and signer.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "crypto/handles.hpp"
#include "engine/assessment.hpp"
#include "fixtures/src/pki.hpp"
#include "taskforce/aggregate.hpp"

namespace klarmeld::taskforce::testing {

// The aggregate Matrix sheet's lead columns: Leverandør, System, Kommune, Katalogversion; the
// interfaces follow in catalog order.
inline constexpr int lead_columns = 4;

const criteria::Catalog& catalog();
const fixtures::TestPki& pki();
std::vector<crypto::X509Ptr> trust_anchors(); // the test root CA

// A valid (modulus-11) CVR number, distinct for each n: the synthetic assessments all share one CVR,
// and aggregate identifies a vendor by CVR.
std::string cvr_number(int n);

// A fresh, empty directory under the test build tree.
std::string fresh_dir(const std::string& name);

// Writes the workbook; signs it with `signer` unless null.
void write_workbook(const engine::Assessment& assessment, const std::string& path, const crypto::Identity* signer);

// Replaces `from` by `to` in one part of the package at `path` and writes it back: its signatures no
// longer match that part.
void edit_part(const std::string& path, const std::string& part, const std::string& from, const std::string& to);

// An aggregate over every file in `inputs`: the catalog's columns and version, `anchors` (which must
// outlive the run) as trust anchors, the overview workbook at `xlsx_path`.
AggregateOptions aggregate_options(const std::string& inputs, const std::vector<crypto::X509Ptr>& anchors,
                                   const std::string& xlsx_path);

// openpyxl's view of a workbook: (sheet, row, column) -> (value, fill RRGGBB or "-"), 1-based.
struct CellDump {
  std::vector<std::string> sheet_names;
  std::map<std::tuple<std::string, int, int>, std::pair<std::string, std::string>> cells;
  std::string value(const std::string& sheet, int row, int column) const;
  std::string fill(const std::string& sheet, int row, int column) const;
  int rows(const std::string& sheet) const; // highest row with a value
};
CellDump dump_with_openpyxl(const std::string& path);

} // namespace klarmeld::taskforce::testing
