#include <doctest/doctest.h>

#include "sign/cades.hpp"
#include "sign_test_support.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

TEST_SUITE("sign::cades") {
  TEST_CASE("a detached CAdES-BES signature verifies over the same bytes and chains to the root") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    CadesReport report = verify_detached_cades(content, p7s, root_anchor());
    INFO(report.problem);
    CHECK(report.valid);
    CHECK(report.trusted);
    CHECK(report.signer_cvr == "12345674");
    CHECK(report.signing_time.has_value());
  }

  TEST_CASE("one changed byte makes it invalid") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    content[content.size() / 3] ^= 0x01;
    CadesReport report = verify_detached_cades(content, p7s, root_anchor());
    CHECK_FALSE(report.valid);
    CHECK(report.problem.find("does not match") != std::string::npos);
  }

  TEST_CASE("an unrelated anchor leaves it valid but untrusted") {
    std::string content = workbook_bytes();
    std::string p7s = create_detached_cades(content, pki().vendor_system).value();
    CadesReport report = verify_detached_cades(content, p7s, unrelated_anchor());
    CHECK(report.valid);
    CHECK_FALSE(report.trusted);
  }

  TEST_CASE("garbage is not a signature") {
    CadesReport report = verify_detached_cades("content", "not DER", root_anchor());
    CHECK_FALSE(report.valid);
    CHECK(report.problem.find("not a DER CMS") != std::string::npos);
  }
}
