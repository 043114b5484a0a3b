// Exit codes, one table for every command (README "Exit codes").
#pragma once

namespace klarmeld::cli {

inline constexpr int exit_ready = 0;         // check: every assessed interface klarmeldt; verify: all valid+trusted
inline constexpr int exit_not_ready = 1;     // check: not ready; verify: a signature is invalid; diff: regression
inline constexpr int exit_usage = 2;         // bad options or bad input files (nothing written)
inline constexpr int exit_could_not_run = 3; // environment unreachable, credentials unreadable
inline constexpr int exit_untrusted = 4;     // verify: valid, but no chain to the given trust anchors
inline constexpr int exit_pending = 5;       // check: every automated criterion passed; manual evidence pending
// check stopped by a signal: the shell's 128 + signal number, i.e. 130 for SIGINT and 143 for SIGTERM.
inline constexpr int exit_signal_base = 128;

} // namespace klarmeld::cli
