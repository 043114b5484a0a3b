#include "taskforce/aggregate.hpp"

#include "taskforce/heatmap_html.hpp"
#include "taskforce/overview_workbook.hpp"

namespace klarmeld::taskforce {

Result<AggregateResult> run_aggregate(const AggregateOptions& options, const AggregateProgress& progress) {
  TRY_ASSIGN(auto workbook, OverviewWorkbook::create(options.xlsx_path, options.columns, options.column_names));
  std::unique_ptr<HeatmapHtml> html;
  if (!options.html_path.empty()) {
    TRY_ASSIGN(html, HeatmapHtml::create(options.html_path, options.columns, options.column_names));
  }
  InspectionSettings settings;
  settings.trust_anchors = options.trust_anchors;
  settings.columns = options.columns;
  settings.catalog_version = options.catalog_version;
  settings.keep_criteria = html != nullptr;
  AggregateResult result;
  result.tally = Tally(options.columns.size());
  for (size_t index = 0; index < options.files.size(); ++index) {
    InspectedFile file = inspect_file(options.files[index], settings);
    workbook->add(file);
    if (html) {
      html->add(file);
    }
    if (file.accepted) {
      result.tally.add(file);
      if (file.older_catalog) {
        result.older_catalog_files.push_back(file.path + " (" + file.catalog_version + ")");
      }
    } else {
      result.tally.add_excluded();
      result.excluded.push_back(ExcludedFile{file.path, file.exclusion_code, file.exclusion_reason});
    }
    if (progress) {
      progress(index + 1, options.files.size(), file.path);
    }
  }
  TRY(workbook->finish(result.tally));
  if (html) {
    TRY(html->finish(result.tally));
  }
  return result;
}

} // namespace klarmeld::taskforce
