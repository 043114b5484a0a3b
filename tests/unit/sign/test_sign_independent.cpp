// Independent verification: the openssl and xmlsec1 command-line tools, not our verifier.
#include <fstream>

#include <doctest/doctest.h>

#include "sign/opc_signer.hpp"
#include "sign/package.hpp"
#include "sign_test_support.hpp"
#include "util/files.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

std::string write_workbook(const TempDir& dir) {
  std::string path = dir.file("readiness.xlsx");
  REQUIRE(write_file_atomically(path, workbook_bytes()).ok());
  return path;
}

std::string write_ca_bundle(const TempDir& dir) {
  std::string path = dir.file("ca.pem");
  REQUIRE(write_file_atomically(path, crypto::to_pem(pki().root_ca.certificate.get()) +
                                          crypto::to_pem(pki().issuing_ca.certificate.get()))
              .ok());
  return path;
}

// The Manifest URIs of a signature part, straight from its text.
std::vector<std::string> manifest_uris(const std::string& xml) {
  std::vector<std::string> uris;
  size_t position = 0;
  while ((position = xml.find("<Reference URI=\"/", position)) != std::string::npos) {
    position += std::string_view("<Reference URI=\"").size();
    uris.push_back(xml.substr(position, xml.find('"', position) - position));
  }
  return uris;
}

// xmlsec1 on one signature part: every part extracted, each Manifest URI mapped to its file.
void check_with_xmlsec1(const TempDir& dir, const std::string& path, const std::string& ca,
                        const std::string& signature_file) {
  CAPTURE(signature_file);
  Package package = read_package(path).value();
  std::filesystem::path parts = dir.path() / "parts";
  std::filesystem::remove_all(parts);
  for (const std::string& name : package.names()) {
    std::filesystem::path target = parts / name;
    std::filesystem::create_directories(target.parent_path());
    REQUIRE(write_file_atomically(target.string(), *package.find(name)).ok());
  }
  std::string signature = *package.find("_xmlsignatures/" + signature_file);
  std::string command = "xmlsec1 --verify --print-debug --trusted-pem '" + ca + "'";
  command += " --id-attr:Id http://www.w3.org/2000/09/xmldsig#:Object";
  command += " --id-attr:Id http://uri.etsi.org/01903/v1.3.2#:SignedProperties";
  std::vector<std::string> uris = manifest_uris(signature);
  REQUIRE(uris.size() >= 6);
  for (const std::string& uri : uris) {
    std::string part = uri.substr(1, uri.find('?') - 1);
    command += " '--url-map:" + uri + "' '" + (parts / part).string() + "'";
  }
  command += " '" + (parts / "_xmlsignatures" / signature_file).string() + "'";
  std::string output;
  int status = run_command(command, output);
  INFO(command);
  INFO(output);
  CHECK(status == 0);
  CHECK(output.find("= Status: succeeded") != std::string::npos);
  CHECK(output.find("SignedInfo References (ok/all): 3/3") != std::string::npos);
  // xmlsec1 counts the Manifest references it resolved and verified: all of them must be OK.
  std::string all = std::to_string(uris.size());
  CHECK(output.find("Manifests References (ok/all): " + all + "/" + all) != std::string::npos);
}

} // namespace

TEST_SUITE("sign::independent tools") {
  TEST_CASE("openssl cms -verify accepts the detached CAdES signature and rejects a changed file") {
    TempDir dir;
    std::string path = write_workbook(dir);
    std::string ca = write_ca_bundle(dir);
    auto outcome = sign_file(path, pki().vendor_system, SignOptions{});
    REQUIRE(outcome.ok());
    REQUIRE(outcome->cades_path == path + ".p7s");
    std::string command = "openssl cms -verify -binary -inform DER -purpose any -in '" + outcome->cades_path +
                          "' -content '" + path + "' -CAfile '" + ca + "' -out /dev/null";
    std::string output;
    CHECK_MESSAGE(run_command(command, output) == 0, output);
    CHECK(output.find("Verification successful") != std::string::npos);

    std::string bytes = read_file(path).value();
    bytes[bytes.size() / 2] ^= 0x01;
    REQUIRE(write_file_atomically(path, bytes).ok());
    CHECK(run_command(command, output) != 0);
  }

  TEST_CASE("xmlsec1 --verify accepts sig1.xml and, after countersigning, sig1.xml and sig2.xml") {
    TempDir dir;
    std::string path = write_workbook(dir);
    std::string ca = write_ca_bundle(dir);
    REQUIRE(sign_file(path, pki().vendor_system, SignOptions{.cades = false}).ok());
    check_with_xmlsec1(dir, path, ca, "sig1.xml");
    REQUIRE(sign_file(path, pki().municipality, SignOptions{.cades = false}).ok());
    check_with_xmlsec1(dir, path, ca, "sig1.xml");
    check_with_xmlsec1(dir, path, ca, "sig2.xml");
  }
}
