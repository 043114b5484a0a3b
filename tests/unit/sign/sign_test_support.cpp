#include "sign_test_support.hpp"

#include <cstdio>
#include <random>

#include <xlsxwriter.h>

#include "sign/opc_signer.hpp"
#include "sign/verifier.hpp"
#include "util/files.hpp"

namespace klarmeld::sign::test {

const fixtures::TestPki& pki() {
  static const fixtures::TestPki generated = [] {
    auto result = fixtures::TestPki::generate();
    if (!result) {
      std::fprintf(stderr, "test PKI: %s\n", result.error().message.c_str());
      std::abort();
    }
    return std::move(result).value();
  }();
  return generated;
}

namespace {
crypto::X509Ptr copy_of(X509* certificate) {
  X509_up_ref(certificate);
  return crypto::X509Ptr(certificate);
}
} // namespace

std::vector<crypto::X509Ptr> root_anchor() {
  std::vector<crypto::X509Ptr> anchors;
  anchors.push_back(copy_of(pki().root_ca.certificate.get()));
  return anchors;
}

std::vector<crypto::X509Ptr> unrelated_anchor() {
  std::vector<crypto::X509Ptr> anchors;
  anchors.push_back(copy_of(pki().untrusted_root.certificate.get()));
  return anchors;
}

TempDir::TempDir() {
  std::random_device random;
  m_path = std::filesystem::temp_directory_path() / ("klarmeld-sign-test-" + std::to_string(random()));
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::string workbook_bytes(int variant) {
  TempDir dir;
  std::string path = dir.file("book.xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* overview = workbook_add_worksheet(workbook, "Oversigt");
  worksheet_write_string(overview, 0, 0, "Leverandør", nullptr);
  worksheet_write_string(overview, 0, 1, variant == 0 ? "Eksempel Software A/S" : "Anden Leverandør ApS", nullptr);
  worksheet_write_string(overview, 1, 0, "SF1500", nullptr);
  worksheet_write_string(overview, 1, 1, "Ja", nullptr);
  lxw_worksheet* detail = workbook_add_worksheet(workbook, "SF1500");
  worksheet_write_number(detail, 0, 0, 42 + variant, nullptr);
  workbook_close(workbook);
  return read_file(path).value();
}

Package workbook_package(int variant) {
  return parse_package(workbook_bytes(variant), "book.xlsx").value();
}

Package signed_package(const crypto::Identity& signer, int variant) {
  Package package = workbook_package(variant);
  SignOptions options;
  auto outcome = add_package_signature(package, signer, options);
  if (!outcome) {
    std::fprintf(stderr, "signing failed: %s\n", outcome.error().message.c_str());
  }
  return package;
}

PackageReport verify(const Package& package, const std::vector<crypto::X509Ptr>& anchors) {
  std::string bytes = serialize_package(package).value();
  return verify_package_bytes(bytes, "book.xlsx", anchors);
}

bool has_problem(const PackageReport& report, const std::string& code, const std::string& part) {
  for (const Problem& problem : report.problems) {
    if (problem.code == code && problem.part == part) {
      return true;
    }
  }
  for (const SignatureReport& signature : report.signatures) {
    for (const Problem& problem : signature.problems) {
      if (problem.code == code && problem.part == part) {
        return true;
      }
    }
  }
  return false;
}

std::string describe(const PackageReport& report) {
  std::string text = report.path + (report.valid() ? " valid" : " INVALID") + (report.trusted() ? " trusted\n" : "\n");
  for (const Problem& problem : report.problems) {
    text += "  package " + problem.code + " " + problem.part + ": " + problem.message + "\n";
  }
  for (const SignatureReport& signature : report.signatures) {
    text += "  " + signature.part + (signature.valid ? " valid" : " INVALID") +
            (signature.trusted ? " trusted" : " untrusted: " + signature.trust_problem) + "\n";
    for (const Problem& problem : signature.problems) {
      text += "    " + problem.code + " " + problem.part + ": " + problem.message + "\n";
    }
  }
  return text;
}

int run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return -1;
  }
  char buffer[4096];
  size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, count);
  }
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace klarmeld::sign::test
