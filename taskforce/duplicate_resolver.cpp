#include "taskforce/duplicate_resolver.hpp"

#include <filesystem>

namespace klarmeld::taskforce {
namespace {

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string time_or_none(const std::string& text) {
  return text.empty() ? "uden tidspunkt" : text;
}

// A file without a usable time is older than any file with one.
bool older(const std::optional<TimePoint>& time, const std::optional<TimePoint>& than) {
  return than && (!time || *time < *than);
}

constexpr const char* choice_rule = "valgt efter flest signaturer, derefter filnavn";

} // namespace

bool DuplicateResolver::preferred(const Contender& candidate, const Contender& current) {
  if (candidate.signatures != current.signatures) {
    return candidate.signatures > current.signatures;
  }
  std::string candidate_name = file_name(candidate.path);
  std::string current_name = file_name(current.path);
  if (candidate_name != current_name) {
    return candidate_name < current_name;
  }
  return candidate.path < current.path;
}

void DuplicateResolver::observe(size_t index, const InspectedFile& file) {
  const SubmissionIdentity& identity = file.identity;
  Contender contender{index, file.path, identity.content_sha256, file.signature_count};
  auto [found, inserted] = (file.incomplete ? m_incomplete : m_entries).try_emplace(identity.key);
  observe_in(found->second, inserted, std::move(contender), identity);
}

void DuplicateResolver::observe_in(Entry& entry, bool inserted, Contender contender,
                                   const SubmissionIdentity& identity) {
  if (!inserted && older(identity.assessed_at, entry.newest)) {
    return; // superseded; decide() says so from the entry's newest time
  }
  if (inserted || older(entry.newest, identity.assessed_at)) {
    entry.newest = identity.assessed_at;
    entry.newest_text = identity.assessed_at_text;
    entry.contenders.assign(1, std::move(contender));
    return;
  }
  // The same time as the newest so far.
  if (preferred(contender, entry.contenders.front())) {
    entry.contenders.insert(entry.contenders.begin(), std::move(contender));
  } else {
    entry.contenders.push_back(std::move(contender));
  }
}

DuplicateDecision DuplicateResolver::decide(size_t index, const InspectedFile& file) const {
  DuplicateDecision decision;
  auto complete = m_entries.find(file.identity.key);
  if (file.incomplete && complete != m_entries.end()) {
    const Entry& counted = complete->second;
    const Contender& kept = counted.contenders.front();
    std::string kept_text = kept.path + " (" + time_or_none(counted.newest_text) + ")";
    decision.counted = false;
    if (older(file.identity.assessed_at, counted.newest)) {
      decision.code = "superseded";
      decision.reason = "Erstattet af nyere klarmelding: " + kept_text + "; denne fil er fra " +
                        time_or_none(file.identity.assessed_at_text);
    } else {
      decision.code = "incomplete";
      decision.reason = "Ufuldstændig kørsel (" + time_or_none(file.identity.assessed_at_text) +
                        ") erstatter ikke den fuldstændige klarmelding " + kept_text + ", som er medtaget";
    }
    return decision;
  }
  const auto& entries = file.incomplete ? m_incomplete : m_entries;
  auto found = entries.find(file.identity.key);
  if (found == entries.end()) {
    return decision; // not observed (not accepted): nothing to decide
  }
  const Entry& entry = found->second;
  const Contender& kept = entry.contenders.front();
  std::string kept_text = kept.path + " (" + time_or_none(entry.newest_text) + ")";
  if (index == kept.index) {
    for (const Contender& other : entry.contenders) {
      if (other.content_sha256 != kept.content_sha256) {
        decision.note += (decision.note.empty() ? "" : ", ") + other.path;
      }
    }
    if (!decision.note.empty()) {
      decision.note = "Konflikt: samme tidspunkt (" + time_or_none(entry.newest_text) + ") men andet indhold i " +
                      decision.note + "; denne fil er medtaget (" + choice_rule + ")";
    }
    return decision;
  }
  decision.counted = false;
  if (older(file.identity.assessed_at, entry.newest)) {
    decision.code = "superseded";
    decision.reason = "Erstattet af nyere klarmelding: " + kept_text + "; denne fil er fra " +
                      time_or_none(file.identity.assessed_at_text);
  } else if (file.identity.content_sha256 == kept.content_sha256) {
    decision.code = "duplicate";
    decision.reason = "Samme klarmelding (samme tidspunkt og indhold) som " + kept_text + ", som er medtaget";
  } else {
    decision.code = "conflict";
    decision.reason = "Konflikt: samme tidspunkt men andet indhold end " + kept_text + "; " + kept.path +
                      " er medtaget (" + choice_rule + "), denne fil er udeladt";
  }
  return decision;
}

} // namespace klarmeld::taskforce
