// One klarmelding per (vendor, system, municipality): of the accepted files with the same identity key,
// the most recently assessed one counts. The others are not counted, each with its reason:
//   superseded — an older assessment ("Erstattet af nyere klarmelding: FILE (tidspunkt)");
//   duplicate  — the same assessment (same time, same content), e.g. a copy or a countersigned file;
//   conflict   — the same time but different content: nobody can tell which is right, so one is kept by a
//                fixed rule (most package signatures, then file name, then path — never the argument
//                order), marked, and the other reported naming both files.
// A partial, interrupted or could-not-run file never replaces a complete one (issue #14 item 3): the
// complete and the incomplete files of a key are resolved apart, and while a complete file exists an
// incomplete one is not counted but listed on its own —
//   incomplete — newer than the counted complete klarmelding, but not a full run.
// Memory: one small entry per key (path, time, digest of each file at the newest time), never rows.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "taskforce/file_inspection.hpp"

namespace klarmeld::taskforce {

struct DuplicateDecision {
  bool counted = true;
  std::string code;   // superseded | duplicate | conflict | incomplete (not counted)
  std::string reason; // Danish, names the file that counts and its time
  std::string note;   // counted despite a conflict: names the other file(s)
};

class DuplicateResolver {
public:
  // Every accepted file, before any decision; `index` is its position in the input.
  void observe(size_t index, const InspectedFile& file);
  // After every file was observed; `file` is the one observed under `index`.
  DuplicateDecision decide(size_t index, const InspectedFile& file) const;

private:
  struct Contender {
    size_t index = 0;
    std::string path;
    std::string content_sha256;
    size_t signatures = 0;
  };
  struct Entry {
    std::optional<TimePoint> newest;
    std::string newest_text;
    std::vector<Contender> contenders; // every file at the newest time; the first is the one counted
  };
  static bool preferred(const Contender& candidate, const Contender& current);
  static void observe_in(Entry& entry, bool inserted, Contender contender, const SubmissionIdentity& identity);
  std::map<std::string, Entry> m_entries;    // complete runs
  std::map<std::string, Entry> m_incomplete; // partial, interrupted, could not run
};

} // namespace klarmeld::taskforce
