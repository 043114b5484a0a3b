#include "criteria/model/catalog_location.hpp"

#include <cstdlib>
#include <filesystem>

#include "util/version.hpp"

namespace klarmeld::criteria {
namespace {

namespace fs = std::filesystem;

bool has_catalog(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "catalog.yaml", ec);
}

// /proc/self/exe is Linux's answer to "where am I installed"; argv[0] can be a bare name from PATH.
std::string executable_relative_catalog() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return {};
  }
  fs::path candidate = (exe.parent_path() / ".." / "share" / "klarmeld" / "criteria").lexically_normal();
  return has_catalog(candidate) ? candidate.string() : std::string();
}

} // namespace

Result<std::string> resolve_catalog_dir(const std::string& option) {
  if (!option.empty()) {
    return option;
  }
  if (const char* env = std::getenv("KLARMELD_CRITERIA"); env && *env) {
    return std::string(env);
  }
  if (has_catalog(default_catalog_dir())) {
    return std::string(default_catalog_dir());
  }
  if (std::string beside = executable_relative_catalog(); !beside.empty()) {
    return beside;
  }
  return input_error("criteria.no-catalog", std::string("no criteria catalog found (looked in ") +
                                                default_catalog_dir() +
                                                " and beside the executable); pass --criteria DIR or set "
                                                "KLARMELD_CRITERIA");
}

} // namespace klarmeld::criteria
