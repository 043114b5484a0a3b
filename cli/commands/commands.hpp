// Every subcommand registers its options and a handler here; main() runs the one selected.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace klarmeld::cli {

class CommandTable {
public:
  using Handler = std::function<int()>;
  void add(CLI::App* subcommand, Handler handler);
  int run_selected(const CLI::App& app) const;

private:
  std::vector<std::pair<CLI::App*, Handler>> m_handlers;
};

std::string version_text();
void register_commands(CLI::App& app, CommandTable& commands);

// One register function per command file.
void register_criteria_commands(CLI::App& app, CommandTable& commands);
void register_profile_commands(CLI::App& app, CommandTable& commands);
void register_environment_commands(CLI::App& app, CommandTable& commands);
void register_check_command(CLI::App& app, CommandTable& commands);
void register_demo_command(CLI::App& app, CommandTable& commands);
void register_sign_command(CLI::App& app, CommandTable& commands);
void register_verify_command(CLI::App& app, CommandTable& commands);
void register_aggregate_command(CLI::App& app, CommandTable& commands);
void register_diff_command(CLI::App& app, CommandTable& commands);
void register_explain_command(CLI::App& app, CommandTable& commands); // after criteria
void register_docs_commands(CLI::App& app, CommandTable& commands);

} // namespace klarmeld::cli
