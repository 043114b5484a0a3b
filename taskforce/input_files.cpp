#include "taskforce/input_files.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace klarmeld::taskforce {
namespace {

// Office lock files ("~$name.xlsx") and our own half-written ".part" files are not workbooks.
bool looks_like_workbook(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  return path.extension() == ".xlsx" && !name.starts_with("~$");
}

// A folder's workbooks and its subfolders', sorted. Symbolic links to folders are not followed, so a
// link cannot loop the walk. A link named like a workbook whose target is gone is listed: it is a
// submission that cannot be read, and the overview says so (`unreadable`) rather than leaving it
// out unnoticed. Only the walk's own errors (a folder that cannot be read) stop the run.
Result<std::vector<std::string>> folder_workbooks(const std::string& folder) {
  std::vector<std::string> found;
  std::error_code walk_error;
  std::filesystem::recursive_directory_iterator entry(folder, walk_error);
  for (; !walk_error && entry != std::filesystem::recursive_directory_iterator(); entry.increment(walk_error)) {
    if (!looks_like_workbook(entry->path())) {
      continue; // by name first: no stat of a .p7s or an attestation
    }
    std::error_code type_error;
    const bool regular = entry->is_regular_file(type_error);
    if (regular || (type_error && entry->is_symlink(type_error))) {
      found.push_back(entry->path().string());
    }
  }
  if (walk_error) {
    return input_error("aggregate.unreadable-dir", folder + ": " + walk_error.message());
  }
  std::sort(found.begin(), found.end());
  return found;
}

} // namespace

Result<std::vector<std::string>> collect_input_files(const std::vector<std::string>& arguments) {
  std::vector<std::string> files;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    if (std::filesystem::is_directory(argument, ec)) {
      // Subfolders too: submissions are often kept one folder per vendor (as `klarmeld demo` writes them).
      TRY_ASSIGN(std::vector<std::string> found, folder_workbooks(argument));
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
