// klarmeld: is a vendor's system ready (klarmeldt) for KOMBIT's infrastructure? Thin: options → calls → exit.
#include <functional>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "util/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"readiness (klarmelding) of a vendor system for KOMBIT's infrastructure"};
  // A function, not a string: the text loads the catalog (its hash), which other commands load anyway.
  app.set_version_flag("--version", std::function<std::string()>(klarmeld::cli::version_text));
  app.require_subcommand(1);
  klarmeld::cli::CommandTable commands;
  klarmeld::cli::register_commands(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : klarmeld::cli::exit_usage;
  }
  return commands.run_selected(app);
}
