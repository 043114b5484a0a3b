#include "sign/detached_signatures.hpp"

#include "util/files.hpp"

namespace klarmeld::sign {
namespace {

// Absent where std::filesystem::exists says so, as before; one open(2) per name instead of a stat(2)
// first (read_file_if_present), which `aggregate` paid twice per file (docs/performance.md, Aggregate).
std::optional<std::string> read_if_present(const std::string& path) {
  auto bytes = read_file_if_present(path);
  if (!bytes) {
    return std::string(); // there but unreadable: present and empty, so it verifies as invalid
  }
  return std::move(*bytes);
}

} // namespace

std::string cades_path(const std::string& workbook) {
  return workbook + ".p7s";
}

std::string countersign_path(const std::string& workbook) {
  return workbook + ".countersign.p7s";
}

std::string attestation_path(const std::string& workbook) {
  return workbook + ".intoto.json";
}

DetachedSignatures read_detached_signatures(const std::string& workbook) {
  return DetachedSignatures{read_if_present(cades_path(workbook)), read_if_present(countersign_path(workbook))};
}

} // namespace klarmeld::sign
