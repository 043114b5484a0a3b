// Temporary registration so the skeleton links; replaced as each command lands.
#include "cli/commands/commands.hpp"
namespace klarmeld::cli {
void register_criteria_commands(CLI::App&, CommandTable&) {}
void register_profile_commands(CLI::App&, CommandTable&) {}
void register_check_command(CLI::App&, CommandTable&) {}
} // namespace klarmeld::cli
