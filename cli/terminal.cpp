#include "cli/terminal.hpp"

#include <cstdlib>
#include <iostream>

#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/exit_codes.hpp"

namespace klarmeld::cli {

bool colour_enabled(int fd) {
  const char* no_colour = std::getenv("NO_COLOR"); // https://no-color.org: any non-empty value
  if (no_colour != nullptr && *no_colour != '\0') {
    return false;
  }
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string(term) == "dumb") {
    return false;
  }
  return isatty(fd) == 1;
}

int terminal_width(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    int value = std::atoi(columns);
    if (value > 20) {
      return value;
    }
  }
  return 80;
}

int exit_code_for(const Error& error) {
  switch (error.kind) {
  case ErrorKind::Input:
  case ErrorKind::Usage:
    return exit_usage;
  case ErrorKind::Runtime:
  case ErrorKind::Internal:
    return exit_could_not_run;
  }
  return exit_could_not_run;
}

int report_error(const Error& error) {
  bool colour = colour_enabled(STDERR_FILENO);
  std::cerr << "klarmeld: " << (colour ? "\x1b[1;31merror\x1b[0m" : "error") << ": " << error.render() << "\n";
  return exit_code_for(error);
}

std::string paint_verdict(const std::string& word, bool colour) {
  if (!colour) {
    return word;
  }
  if (word == "Ja" || word == "Yes") {
    return "\x1b[32m" + word + "\x1b[0m";
  }
  if (word == "Nej" || word == "No") {
    return "\x1b[31m" + word + "\x1b[0m";
  }
  if (word == "Ikke testet" || word == "Not tested") {
    return "\x1b[33m" + word + "\x1b[0m";
  }
  return "\x1b[90m" + word + "\x1b[0m";
}

} // namespace klarmeld::cli
