#include "taskforce/aggregate.hpp"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <thread>

#include "taskforce/duplicate_resolver.hpp"
#include "taskforce/heatmap_html.hpp"
#include "taskforce/overview_workbook.hpp"
#include "taskforce/row_spool.hpp"

namespace klarmeld::taskforce {
namespace {

// Every file allocates and frees the same few hundred kB (inflated parts, parse trees). By default
// glibc hands the top of the heap back to the kernel after each file and faults it in again for the
// next: a fifth of aggregate's CPU in `perf` (docs/performance.md, Aggregate). A batch keeps it: up to
// 32 MB freed stays for reuse (peak RSS stays flat, as measured there). mallopt: glibc malloc(3); it
// tunes glibc's allocator only, so it does nothing where mimalloc serves malloc (KLARMELD_MIMALLOC).
void keep_freed_heap_for_reuse() {
  static const bool done = [] {
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    return true;
  }();
  (void)done;
}

// libzip turns every entry's DOS date into a time_t with mktime(3), twice per entry when it checks the
// local headers against the central directory (ZIP_CHECKCONS). With TZ unset, glibc's mktime re-reads
// the zone for every call (tzset: a stat(2) of /etc/localtime), ≈ 5 % of aggregate's CPU in `perf`
// (docs/performance.md, Aggregate). TZ naming that same file (tzset(3): ":" + path) keeps the zone as
// it was and lets glibc read it once. Set before the worker threads start, as setenv(3) requires.
void read_time_zone_once() {
  if (std::getenv("TZ") == nullptr) {
    setenv("TZ", ":/etc/localtime", 0);
    tzset();
  }
}

// Files per batch and worker: enough to keep the workers busy, small enough that memory stays flat.
constexpr size_t files_per_worker = 8;

// Verifies and reads a batch of files on `workers` threads: the calling thread and workers − 1 helpers
// that live for the whole run. Each thread takes the next index; results land in their own slot, so the
// output order stays the input order. A thread started per batch (every 16 files with two workers) paid
// each time for its start and end, a fresh mimalloc heap (a getrandom(2) each) and the madvise(2) calls
// that hand a finished thread's pages back, each a TLB flush on the other CPU (docs/performance.md,
// Aggregate, session 15).
class InspectionCrew {
public:
  InspectionCrew(const std::vector<std::string>& files, const InspectionSettings& settings, unsigned workers)
      : m_files(files), m_settings(settings) {
    for (unsigned worker = 1; worker < workers; ++worker) {
      m_helpers.emplace_back([this] { help(); });
    }
  }
  InspectionCrew(const InspectionCrew&) = delete;
  InspectionCrew& operator=(const InspectionCrew&) = delete;
  ~InspectionCrew() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_wake.notify_all();
    m_helpers.clear(); // joins
  }

  // Files [first, first + batch.size()); returns when every slot is filled.
  void inspect(size_t first, std::vector<InspectedFile>& batch) {
    {
      std::lock_guard lock(m_mutex);
      m_first = first;
      m_batch = &batch;
      m_next = 0;
      m_busy = m_helpers.size();
      ++m_round;
    }
    m_wake.notify_all();
    try {
      work();
    } catch (...) {
      wait_for_helpers(); // they write into `batch` until they are done with it
      throw;
    }
    wait_for_helpers();
  }

private:
  void wait_for_helpers() {
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_busy == 0; });
  }

  void work() {
    std::vector<InspectedFile>& batch = *m_batch;
    for (size_t slot = m_next++; slot < batch.size(); slot = m_next++) {
      batch[slot] = inspect_file(m_files[m_first + slot], m_settings);
    }
  }

  void help() {
    size_t seen = 0;
    for (;;) {
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stopping || m_round != seen; });
        if (m_stopping) {
          return;
        }
        seen = m_round;
      }
      work();
      {
        std::lock_guard lock(m_mutex);
        --m_busy;
      }
      m_done.notify_one();
    }
  }

  const std::vector<std::string>& m_files;
  const InspectionSettings& m_settings;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_done;
  size_t m_round = 0;
  size_t m_busy = 0;
  bool m_stopping = false;
  size_t m_first = 0;
  std::vector<InspectedFile>* m_batch = nullptr;
  std::atomic<size_t> m_next{0};
  std::vector<std::jthread> m_helpers; // last: joined before the members they use go
};

// Step one: every file verified and read once, its row spooled and its identity noted.
Status inspect_all(const AggregateOptions& options, const InspectionSettings& settings, RowSpool& spool,
                   DuplicateResolver& resolver, const AggregateProgress& progress) {
  unsigned workers = std::max(1U, options.jobs);
  InspectionCrew crew(options.files, settings, workers);
  std::vector<InspectedFile> batch;
  for (size_t first = 0; first < options.files.size(); first += batch.size()) {
    batch.assign(std::min(options.files.size() - first, files_per_worker * workers), InspectedFile{});
    crew.inspect(first, batch);
    for (size_t slot = 0; slot < batch.size(); ++slot) {
      if (batch[slot].accepted) {
        resolver.observe(first + slot, batch[slot]);
      }
      TRY(spool.append(batch[slot]));
      if (progress) {
        progress(first + slot + 1, options.files.size(), batch[slot].path);
      }
    }
  }
  return Ok{};
}

void apply_decision(const DuplicateDecision& decision, InspectedFile& file) {
  if (!decision.counted) {
    file.accepted = false;
    file.exclusion_code = decision.code;
    file.exclusion_reason = decision.reason;
  } else {
    file.conflict_note = decision.note;
  }
}

void add_to_outputs(const InspectedFile& file, OverviewWorkbook& workbook, HeatmapHtml* html, AggregateResult& result) {
  workbook.add(file);
  if (html != nullptr) {
    html->add(file);
  }
  if (file.accepted) {
    result.tally.add(file);
    if (file.older_catalog) {
      result.older_catalog_files.push_back(file.path + " (" + file.catalog_version + ")");
    }
    if (!file.conflict_note.empty()) {
      result.conflicts.push_back(file.path + ": " + file.conflict_note);
    }
    if (!file.criteria_note.empty()) {
      result.criteria_unreadable.push_back(file.path + ": " + file.criteria_note);
    }
  } else {
    result.tally.add_excluded(file.exclusion_code);
    if (is_rollout_overview(file)) {
      result.rollout_overviews.push_back(file.path);
      return;
    }
    auto& list = file.exclusion_code == "incomplete" ? result.incomplete : result.excluded;
    list.push_back(ExcludedFile{file.path, file.exclusion_code, file.exclusion_reason});
  }
}

// Step two: the outputs from the spool, in input order, each file counted or listed with its reason.
Status write_outputs(size_t files, RowSpool& spool, const DuplicateResolver& resolver, OverviewWorkbook& workbook,
                     HeatmapHtml* html, AggregateResult& result) {
  TRY(spool.rewind());
  for (size_t index = 0; index < files; ++index) {
    TRY_ASSIGN(auto file, spool.next());
    if (file.accepted) {
      apply_decision(resolver.decide(index, file), file);
    }
    add_to_outputs(file, workbook, html, result);
  }
  return Ok{};
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
  TRY_ASSIGN(auto spool, RowSpool::create());
  keep_freed_heap_for_reuse();
  read_time_zone_once();
  DuplicateResolver resolver;
  TRY(inspect_all(options, settings, spool, resolver, progress));
  AggregateResult result;
  result.tally = Tally(options.columns.size());
  TRY(write_outputs(options.files.size(), spool, resolver, *workbook, html.get(), result));
  TRY(workbook->finish(result.tally));
  if (html) {
    TRY(html->finish(result.tally));
  }
  return result;
}

} // namespace klarmeld::taskforce
