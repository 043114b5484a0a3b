// LibreOffice as an independent verifier (ctest label "libreoffice"; excluded from unit.sign because
// it needs libreoffice-calc-nogui + python3-uno and starts soffice).
#include <doctest/doctest.h>

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

} // namespace

TEST_SUITE("sign::libreoffice") {
  TEST_CASE("LibreOffice reports the signature and the countersignature valid") {
    TempDir dir;
    std::string path = dir.file("readiness.xlsx");
    REQUIRE(write_file_atomically(path, workbook_bytes()).ok());
    REQUIRE(sign_file(path, pki().vendor_system, SignOptions{.cades = false}).ok());
    std::string output;
    CHECK_MESSAGE(lo_check(path, 1, output) == "0", output);
    CHECK(output.find("valid=True") != std::string::npos);

    REQUIRE(sign_file(path, pki().municipality, SignOptions{.comment = "Kontrasigneret", .cades = false}).ok());
    CHECK_MESSAGE(lo_check(path, 2, output) == "0", output);
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
