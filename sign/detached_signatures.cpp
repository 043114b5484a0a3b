#include "sign/detached_signatures.hpp"

#include <filesystem>

#include "util/files.hpp"

namespace klarmeld::sign {
namespace {

std::optional<std::string> read_if_present(const std::string& path) {
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) {
    return std::nullopt;
  }
  auto bytes = read_file(path);
  return bytes ? *bytes : std::string();
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
