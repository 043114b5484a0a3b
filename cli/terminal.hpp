// Terminal facts and error printing shared by the commands: colour only on a TTY and never with
// NO_COLOR; errors rendered with their location and snippet, mapped to one exit code table.
#pragma once

#include <iosfwd>
#include <string>

#include "util/error.hpp"

namespace klarmeld::cli {

bool colour_enabled(int fd);
int terminal_width(int fd); // columns, 80 when unknown

// "klarmeld: error: file:line:col: message" + snippet on stderr; returns the exit code for its kind.
int report_error(const Error& error);
int exit_code_for(const Error& error);

// Green/red/yellow wrappers that vanish when colour is off.
std::string paint_verdict(const std::string& word, bool colour);

} // namespace klarmeld::cli
