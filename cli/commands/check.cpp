// Placeholder until the command lands.
#include "cli/commands/commands.hpp"
namespace klarmeld::cli {
void register_check_command(CLI::App&, CommandTable&) {}
} // namespace klarmeld::cli
