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

// Tool version, git revision, and the catalog a check would be judged against (identity + hash).
std::string version_text() {
  std::string text = tool_identity();
  auto directory = criteria::resolve_catalog_dir("");
  if (!directory) {
    return text + "\ncatalog: none found (" + directory.error().message + ")";
  }
  auto catalog = criteria::load_catalog(*directory);
  if (!catalog) {
    return text + "\ncatalog: " + *directory + " does not load: " + catalog.error().message;
  }
  return text + "\ncatalog: " + catalog->identity + " " + catalog->version + "\ncatalog sha256: " + catalog->sha256 +
         "\ncatalog dir: " + *directory;
}

void register_commands(CLI::App& app, CommandTable& commands) {
  register_criteria_commands(app, commands);
  register_explain_command(app, commands);
  register_profile_commands(app, commands);
  register_environment_commands(app, commands);
  register_check_command(app, commands);
  register_demo_command(app, commands);
  register_sign_command(app, commands);
  register_verify_command(app, commands);
  register_aggregate_command(app, commands);
  register_diff_command(app, commands);
  register_docs_commands(app, commands); // last: it documents everything above
}

} // namespace klarmeld::cli
