// LibreOffice as an independent verifier (ctest label "libreoffice"; excluded from unit.sign because
// it needs libreoffice-calc-nogui + python3-uno and starts soffice).
#include <doctest/doctest.h>

#include <filesystem>

#include "sign/opc_signer.hpp"
#include "sign_test_support.hpp"
#include "util/files.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

std::string lo_check(const std::string& path, int expected, std::string& output) {
  std::string command = std::string("/usr/bin/python3 '") + KLARMELD_SOURCE_DIR +
                        "/tests/tools/lo_verify_signature.py' '" + path + "' " + std::to_string(expected);
  int status = run_command(command, output);
  return std::to_string(status);
}

// The pipes soffice leaves in /tmp when it is stopped by a signal rather than asked to exit (its
// OSL_PIPE_* sockets ignore $TMPDIR). Only lo_verify_signature.py names its pipe klarmeld_lo_<pid>.
size_t lo_check_pipes_in_tmp() {
  size_t count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp", error)) {
    std::string name = entry.path().filename().string();
    count += name.starts_with("OSL_PIPE_") && name.find("_klarmeld_lo_") != std::string::npos ? 1 : 0;
  }
  return count;
}

} // namespace

TEST_SUITE("sign::libreoffice") {
  TEST_CASE("LibreOffice reports the signature and the countersignature valid") {
    size_t pipes_before = lo_check_pipes_in_tmp();
    TempDir dir;
    std::string path = dir.file("readiness.xlsx");
    REQUIRE(write_file_atomically(path, workbook_bytes()).ok());
    REQUIRE(sign_file(path, pki().vendor_system, SignOptions{.cades = false}).ok());
    std::string output;
    CHECK_MESSAGE(lo_check(path, 1, output) == "0", output);
    CHECK(output.find("valid=True") != std::string::npos);

    REQUIRE(sign_file(path, pki().municipality, SignOptions{.comment = "Kontrasigneret", .cades = false}).ok());
    CHECK_MESSAGE(lo_check(path, 2, output) == "0", output);
    // soffice was asked to exit, and did: nothing of it is left in /tmp.
    CHECK(lo_check_pipes_in_tmp() == pipes_before);
  }

  TEST_CASE("LibreOffice reports a changed workbook's signature invalid") {
    TempDir dir;
    Package package = signed_package(pki().vendor_system);
    std::string sheet = *package.find("xl/worksheets/sheet2.xml");
    sheet.replace(sheet.find("42"), 2, "43");
    package.put("xl/worksheets/sheet2.xml", sheet);
    std::string path = dir.file("tampered.xlsx");
    REQUIRE(write_package(path, package).ok());
    std::string output;
    CHECK_MESSAGE(lo_check(path, 1, output) == "1", output);
  }
}
