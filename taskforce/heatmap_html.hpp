// The self-contained HTML heat map (one file: inline CSS and JS, no external assets, works offline).
// Table rows and the per-cell criteria (JSON) are streamed to temporary files as inputs are processed
// and joined at the end, so memory does not grow with the number of inputs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "taskforce/file_inspection.hpp"
#include "taskforce/tally.hpp"
#include "util/result.hpp"

namespace klarmeld::taskforce {

// JSON text made safe inside an HTML <script> element: '<', '>' and '&' become \u escapes, so no
// "</script" or "<!--" can appear (HTML Living Standard §4.12.1.3 restrictions for script contents).
std::string escape_json_for_script(std::string_view json);

class HeatmapHtml {
public:
  static Result<std::unique_ptr<HeatmapHtml>> create(const std::string& path, std::vector<std::string> columns,
                                                     std::vector<std::string> column_names);
  ~HeatmapHtml();
  HeatmapHtml(const HeatmapHtml&) = delete;
  HeatmapHtml& operator=(const HeatmapHtml&) = delete;

  void add(const InspectedFile& file);
  Status finish(const Tally& tally);

private:
  struct State;
  explicit HeatmapHtml(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace klarmeld::taskforce
