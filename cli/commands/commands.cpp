#include "cli/commands/commands.hpp"

#include "cli/exit_codes.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"
#include "util/version.hpp"

namespace klarmeld::cli {

void CommandTable::add(CLI::App* subcommand, Handler handler) {
  m_handlers.emplace_back(subcommand, std::move(handler));
}

int CommandTable::run_selected(const CLI::App& /*app*/) const {
  // The deepest parsed subcommand wins ("criteria list" over "criteria").
  for (auto it = m_handlers.rbegin(); it != m_handlers.rend(); ++it) {
    if (it->first->parsed()) {
      return it->second();
    }
  }
  return exit_usage;
}

std::string version_text() {
  return tool_identity();
}

void register_commands(CLI::App& app, CommandTable& commands) {
  register_criteria_commands(app, commands);
  register_explain_command(app, commands);
  register_profile_commands(app, commands);
  register_check_command(app, commands);
  register_demo_command(app, commands);
  register_sign_command(app, commands);
  register_verify_command(app, commands);
  register_docs_commands(app, commands); // last: it documents everything above
}

} // namespace klarmeld::cli
