#include "taskforce_support.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "criteria/model/loader.hpp"
#include "report/xlsx_writer.hpp"
#include "sign/opc_signer.hpp"
#include "sign/package.hpp"
#include "taskforce/input_files.hpp"

namespace klarmeld::taskforce::testing {

const criteria::Catalog& catalog() {
  static const criteria::Catalog loaded = [] {
    auto result = criteria::load_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria");
    if (!result) {
      throw std::runtime_error(result.error().render());
    }
    return std::move(*result);
  }();
  return loaded;
}

const fixtures::TestPki& pki() {
  static const fixtures::TestPki generated = [] {
    auto result = fixtures::TestPki::generate();
    if (!result) {
      throw std::runtime_error(result.error().render());
    }
    return std::move(*result);
  }();
  return generated;
}

void edit_part(const std::string& path, const std::string& part, const std::string& from, const std::string& to) {
  auto package = sign::read_package(path);
  const std::string* bytes = package ? package->find(part) : nullptr;
  if (bytes == nullptr) {
    throw std::runtime_error(path + ": no part " + part);
  }
  std::string changed = *bytes;
  auto at = changed.find(from);
  if (at == std::string::npos) {
    throw std::runtime_error(path + ":" + part + ": no '" + from + "' to replace");
  }
  changed.replace(at, from.size(), to);
  package->put(part, changed);
  if (!sign::write_package(path, *package)) {
    throw std::runtime_error(path + ": cannot write the package back");
  }
}

AggregateOptions aggregate_options(const std::string& inputs, const std::vector<crypto::X509Ptr>& anchors,
                                   const std::string& xlsx_path) {
  auto files = collect_input_files({inputs});
  if (!files) {
    throw std::runtime_error(files.error().render());
  }
  AggregateOptions options;
  options.files = std::move(*files);
  options.columns = catalog().order;
  options.catalog_version = catalog().version;
  options.trust_anchors = &anchors;
  options.xlsx_path = xlsx_path;
  return options;
}

std::vector<crypto::X509Ptr> trust_anchors() {
  std::vector<crypto::X509Ptr> anchors;
  anchors.emplace_back(X509_dup(pki().root_ca.certificate.get()));
  return anchors;
}

std::string cvr_number(int n) {
  constexpr int weights[8] = {2, 7, 6, 5, 4, 3, 2, 1};
  for (int prefix = 2000000 + n * 13;; ++prefix) {
    std::string digits = std::to_string(prefix);
    int sum = 0;
    for (size_t i = 0; i < 7; ++i) {
      sum += (digits[i] - '0') * weights[i];
    }
    int check = (11 - sum % 11) % 11;
    if (check < 10) {
      return digits + std::to_string(check);
    }
  }
}

std::string fresh_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(KLARMELD_TASKFORCE_OUT).parent_path() / "work" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void write_workbook(const engine::Assessment& assessment, const std::string& path, const crypto::Identity* signer) {
  auto written = report::write_readiness_workbook(assessment, path);
  if (!written) {
    throw std::runtime_error(written.error().render());
  }
  if (signer != nullptr) {
    auto signed_file = sign::sign_file(path, *signer, sign::SignOptions{});
    if (!signed_file) {
      throw std::runtime_error(signed_file.error().render());
    }
  }
}

std::string CellDump::value(const std::string& sheet, int row, int column) const {
  auto found = cells.find({sheet, row, column});
  return found == cells.end() ? std::string() : found->second.first;
}

std::string CellDump::fill(const std::string& sheet, int row, int column) const {
  auto found = cells.find({sheet, row, column});
  return found == cells.end() ? std::string() : found->second.second;
}

int CellDump::rows(const std::string& sheet) const {
  int last = 0;
  for (const auto& [key, value] : cells) {
    if (std::get<0>(key) == sheet) {
      last = std::max(last, std::get<1>(key));
    }
  }
  return last;
}

CellDump dump_with_openpyxl(const std::string& path) {
  std::string command = std::string(KLARMELD_PYTHON3) + " " + KLARMELD_SOURCE_DIR +
                        "/tests/unit/taskforce/dump_overview.py '" + path + "'";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("cannot run " + command);
  }
  std::string output;
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, read);
  }
  if (pclose(pipe) != 0) {
    throw std::runtime_error("failed: " + command);
  }
  CellDump dump;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream parts(line);
    std::string field;
    while (std::getline(parts, field, '\t')) {
      fields.push_back(field);
    }
    if (!fields.empty() && fields[0] == "#sheets") {
      dump.sheet_names.assign(fields.begin() + 1, fields.end());
    } else if (fields.size() == 5) {
      dump.cells[{fields[0], std::stoi(fields[1]), std::stoi(fields[2])}] = {fields[3], fields[4]};
    }
  }
  return dump;
}

} // namespace klarmeld::taskforce::testing
