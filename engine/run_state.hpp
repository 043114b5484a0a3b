// How far a run got: one enum, one spelling table (util/spelling.hpp), and the plain words the
// overview sheet shows, so the JSON, JUnit, the signed workbook and the attestation say the same
// (issue #14 item 2). A reader turns the sheet's words back into the enum (report/workbook_reader).
#pragma once

#include <optional>
#include <string_view>

#include "util/spelling.hpp"

namespace klarmeld::engine {

enum class RunState {
  Complete,    // every planned criterion was decided or tried
  Partial,     // --only: part of the catalog was left out on purpose
  Interrupted, // SIGINT/SIGTERM: probing stopped before every probe had run
  CouldNotRun, // the environment could not be reached: STS unreachable, or no endpoint answered at all
};

// The machine words: JSON run.state, the JUnit property run.state, the attestation predicate.
inline constexpr Spelling<RunState> run_state_spellings[] = {
    {RunState::Complete, "complete"},
    {RunState::Partial, "partial"},
    {RunState::Interrupted, "interrupted"},
    {RunState::CouldNotRun, "could-not-run"},
};

// The overview sheet's words, one table per language; the reader parses them back.
inline constexpr Spelling<RunState> run_state_danish[] = {
    {RunState::Complete, "Fuldstændig kørsel"},
    {RunState::Partial, "Delvis kørsel: kun udvalgte snitflader"},
    {RunState::Interrupted, "Afbrudt kørsel"},
    {RunState::CouldNotRun, "Kunne ikke gennemføres: testmiljøet kunne ikke nås"},
};
inline constexpr Spelling<RunState> run_state_english[] = {
    {RunState::Complete, "Complete run"},
    {RunState::Partial, "Partial run: selected interfaces only"},
    {RunState::Interrupted, "Interrupted run"},
    {RunState::CouldNotRun, "Could not run: the test environment could not be reached"},
};

constexpr std::string_view run_state_key(RunState state) {
  return spelling_of(run_state_spellings, state);
}

// "partial run", "interrupted run" …: the phrase `klarmeld verify` adds to its headline.
inline constexpr Spelling<RunState> run_state_headlines[] = {
    {RunState::Complete, "complete run"},
    {RunState::Partial, "partial run"},
    {RunState::Interrupted, "interrupted run"},
    {RunState::CouldNotRun, "could not run"},
};

constexpr std::string_view headline_phrase(RunState state) {
  return spelling_of(run_state_headlines, state);
}

} // namespace klarmeld::engine
