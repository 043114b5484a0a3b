#include "cli/command_failure.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"

namespace klarmeld::cli {

int exit_for(const Error& error) {
  return error.kind == ErrorKind::Runtime || error.kind == ErrorKind::Internal ? exit_could_not_run : exit_usage;
}

int report_failure(const Error& error, std::string_view who) {
  std::cerr << who << ": " << error.render() << '\n';
  return exit_for(error);
}

} // namespace klarmeld::cli
