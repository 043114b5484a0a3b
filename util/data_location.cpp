#include "util/data_location.hpp"

#include <filesystem>

#include "util/version.hpp"

namespace klarmeld {

std::string executable_directory() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

Result<std::string> resolve_data_dir(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path beside = fs::path(executable_directory()) / ".." / "share" / "klarmeld" / name;
  if (fs::is_directory(beside, ec)) {
    return fs::weakly_canonical(beside, ec).string();
  }
  fs::path installed = fs::path(default_catalog_dir()).parent_path() / name;
  if (fs::is_directory(installed, ec)) {
    return installed.string();
  }
  return input_error("data.not-found", "klarmeld's " + name + " were not found (looked in " + beside.string() +
                                           " and " + installed.string() + "); is klarmeld installed?");
}

} // namespace klarmeld
