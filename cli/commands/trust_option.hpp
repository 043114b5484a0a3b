// `--trust CA.pem`, as verify, aggregate and diff take it: repeatable, one file per occurrence.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace klarmeld::cli {

// CLI11 lets a vector option take every argument that follows it, so `verify --trust ca.pem a.xlsx
// b.xlsx` read the workbooks as trust anchors ("no PEM certificate in 'a.xlsx'"). Each --trust takes
// exactly one file; the files to check stay positional wherever they are written.
CLI::Option* add_trust_option(CLI::App& command, std::vector<std::string>& anchors, const std::string& description);

} // namespace klarmeld::cli
