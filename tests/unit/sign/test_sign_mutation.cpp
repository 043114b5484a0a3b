// Random single-byte corruption of a signed file (package + .p7s): never a crash, never "valid".
#include <random>

#include <doctest/doctest.h>

#include "sign/cades.hpp"
#include "sign/verifier.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

TEST_SUITE("sign::mutation") {
  TEST_CASE("every corrupted byte is caught by the package signature or the detached CAdES signature") {
    std::string bytes = serialize_package(signed_package(pki().vendor_system)).value();
    std::string p7s = create_detached_cades(bytes, pki().vendor_system).value();
    REQUIRE(verify_package_bytes(bytes, "book.xlsx", root_anchor(), p7s).trusted());
    std::mt19937 random(20261123); // fixed seed: the same positions every run
    std::uniform_int_distribution<size_t> position(0, bytes.size() - 1);
    std::uniform_int_distribution<int> bit(0, 7);
    int caught_by_package_signature = 0;
    for (int round = 0; round < 150; ++round) {
      std::string corrupted = bytes;
      size_t at = position(random);
      corrupted[at] = static_cast<char>(corrupted[at] ^ (1 << bit(random)));
      PackageReport report = verify_package_bytes(corrupted, "book.xlsx", root_anchor(), p7s);
      CAPTURE(at);
      CHECK_FALSE(report.valid());
      bool package_flagged = !report.problems.empty();
      for (const SignatureReport& signature : report.signatures) {
        package_flagged = package_flagged || !signature.valid;
      }
      caught_by_package_signature += package_flagged ? 1 : 0;
    }
    // Most bytes are compressed part content; only zip metadata (timestamps …) escapes the OPC signature.
    CHECK(caught_by_package_signature > 100);
  }
}
