#include "cli/commands/trust_option.hpp"

namespace klarmeld::cli {

CLI::Option* add_trust_option(CLI::App& command, std::vector<std::string>& anchors, const std::string& description) {
  return command.add_option("--trust", anchors, description)->check(CLI::ExistingFile)->allow_extra_args(false);
}

} // namespace klarmeld::cli
