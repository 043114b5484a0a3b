// The taskforce overview workbook, written with libxlsxwriter in constant-memory mode: each sheet's
// rows go to its own temporary file as they are written, so memory does not grow with the number of
// inputs. Matrix, excluded files and inputs are written row by row as files are processed; the two
// summary sheets (per interface, per vendor) at the end from the tally.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "taskforce/file_inspection.hpp"
#include "taskforce/tally.hpp"
#include "util/result.hpp"

namespace klarmeld::taskforce {

// Sheet names (Danish, as the taskforce reads them).
inline constexpr const char* matrix_sheet = "Matrix";
inline constexpr const char* interfaces_sheet = "Grænseflader";
inline constexpr const char* vendors_sheet = "Leverandører";
inline constexpr const char* excluded_sheet = "Udeladte filer";
inline constexpr const char* inputs_sheet = "Input";

class OverviewWorkbook {
public:
  static Result<std::unique_ptr<OverviewWorkbook>> create(const std::string& path, std::vector<std::string> columns,
                                                          std::vector<std::string> column_names);
  ~OverviewWorkbook();
  OverviewWorkbook(const OverviewWorkbook&) = delete;
  OverviewWorkbook& operator=(const OverviewWorkbook&) = delete;

  void add(const InspectedFile& file); // one input: a matrix row (accepted) or an excluded row, and its input row
  Status finish(const Tally& tally);   // summary sheets, close, rename into place

private:
  struct State;
  explicit OverviewWorkbook(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace klarmeld::taskforce
