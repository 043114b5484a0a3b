// Documentation generated from the live option definitions, so the man page and the shell
// completions can never drift from what the parser accepts.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace klarmeld::cli {

std::string render_man_page(const CLI::App& app);
std::string render_bash_completion(const CLI::App& app);
std::string render_zsh_completion(const CLI::App& app);

} // namespace klarmeld::cli
