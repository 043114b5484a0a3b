#include "taskforce/input_files.hpp"

#include <algorithm>
#include <filesystem>

namespace klarmeld::taskforce {
namespace {

// Office lock files ("~$name.xlsx") and our own half-written ".part" files are not workbooks.
bool looks_like_workbook(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  return path.extension() == ".xlsx" && !name.starts_with("~$");
}

} // namespace

Result<std::vector<std::string>> collect_input_files(const std::vector<std::string>& arguments) {
  std::vector<std::string> files;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    if (std::filesystem::is_directory(argument, ec)) {
      // Subfolders too: submissions are often kept one folder per vendor (as `klarmeld demo` writes
      // them). Symbolic links to folders are not followed, so a link cannot loop the walk.
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(argument, ec)) {
        if (entry.is_regular_file(ec) && looks_like_workbook(entry.path())) {
          found.push_back(entry.path().string());
        }
      }
      if (ec) {
        return input_error("aggregate.unreadable-dir", argument + ": " + ec.message());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(argument, ec)) {
      files.push_back(argument);
    } else {
      return input_error("aggregate.no-such-input", argument + ": no such file or folder");
    }
  }
  if (files.empty()) {
    return input_error("aggregate.no-inputs", "no .xlsx files among the inputs");
  }
  return files;
}

} // namespace klarmeld::taskforce
