// Placeholder until the command lands.
#include "cli/commands/commands.hpp"
namespace klarmeld::cli {
void register_criteria_commands(CLI::App&, CommandTable&) {}
} // namespace klarmeld::cli
