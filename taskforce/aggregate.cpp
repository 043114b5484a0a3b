#include "taskforce/aggregate.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "taskforce/heatmap_html.hpp"
#include "taskforce/overview_workbook.hpp"

namespace klarmeld::taskforce {
namespace {

// Files per batch and worker: enough to keep the workers busy, small enough that memory stays flat.
constexpr size_t files_per_worker = 8;

// Verifies and reads files [first, first + batch.size()) on `workers` threads. Each thread takes the
// next index; results land in their own slot, so the output order stays the input order.
void inspect_batch(const std::vector<std::string>& files, size_t first, const InspectionSettings& settings,
                   unsigned workers, std::vector<InspectedFile>& batch) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t slot = next++; slot < batch.size(); slot = next++) {
      batch[slot] = inspect_file(files[first + slot], settings);
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned worker = 1; worker < workers; ++worker) {
    threads.emplace_back(work);
  }
  work();
}

void add_to_outputs(const InspectedFile& file, size_t index, const AggregateOptions& options,
                    OverviewWorkbook& workbook, HeatmapHtml* html, AggregateResult& result,
                    const AggregateProgress& progress) {
  workbook.add(file);
  if (html != nullptr) {
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

} // namespace

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
  unsigned workers = std::max(1U, options.jobs);
  std::vector<InspectedFile> batch;
  for (size_t first = 0; first < options.files.size(); first += batch.size()) {
    batch.assign(std::min(options.files.size() - first, files_per_worker * workers), InspectedFile{});
    inspect_batch(options.files, first, settings, workers, batch);
    for (size_t slot = 0; slot < batch.size(); ++slot) {
      add_to_outputs(batch[slot], first + slot, options, *workbook, html.get(), result, progress);
    }
  }
  TRY(workbook->finish(result.tally));
  if (html) {
    TRY(html->finish(result.tally));
  }
  return result;
}

} // namespace klarmeld::taskforce
