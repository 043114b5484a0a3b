// How a command ends on an error it cannot go on from: the message on stderr, then the exit code
// README "Exit codes" gives for the error's kind. One home for what five commands did alike.
#pragma once

#include <string_view>

#include "util/result.hpp"

namespace klarmeld::cli {

// Runtime and internal errors (an unreadable file system, an endpoint away) are "could not run";
// every other kind is bad input or options: usage.
int exit_for(const Error& error);

// Prints "<who>: <error>" on stderr and returns exit_for(error).
int report_failure(const Error& error, std::string_view who = "klarmeld");

} // namespace klarmeld::cli
