// Shared by the sign tests: a small real workbook, the test PKI (generated once), temp folders,
// package surgery for the tamper matrix.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fixtures/src/pki.hpp"
#include "sign/package.hpp"
#include "sign/verification.hpp"

namespace klarmeld::sign::test {

const fixtures::TestPki& pki();
// Trust anchors: the test root CA.
std::vector<crypto::X509Ptr> root_anchor();
std::vector<crypto::X509Ptr> unrelated_anchor();

// A two-sheet workbook ("Oversigt" + one interface sheet) as .xlsx bytes; `variant` changes cell values.
std::string workbook_bytes(int variant = 0);
Package workbook_package(int variant = 0);

class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
  std::filesystem::path m_path;
};

Package signed_package(const crypto::Identity& signer, int variant = 0);
PackageReport verify(const Package& package, const std::vector<crypto::X509Ptr>& anchors);
bool has_problem(const PackageReport& report, const std::string& code, const std::string& part);
std::string describe(const PackageReport& report); // for failure messages
// Runs a command, returns its exit status and stdout+stderr.
int run_command(const std::string& command, std::string& output);

} // namespace klarmeld::sign::test
