#include <doctest/doctest.h>

#include "criteria/model/ids.hpp"
#include "criteria/model/probe_types.hpp"

using namespace klarmeld::criteria;

TEST_SUITE("criteria::probe_types") {
  TEST_CASE("the registry has the probe types of the plan") {
    CHECK(probe_type_names() == std::vector<std::string_view>{
                                    "tls", "sts.issue", "soap.call", "rest.call", "saml.metadata", "saml.slo",
                                    "saml.sso", "sts.protected", "sftp", "bfo.receive", "post.modtag", "sts.agreements",
                                    "bfo.send", "bfo.envelope", "bfo.drain", "bfo.push", "bfo.vaerdiliste"});
    CHECK(find_probe_type("soap.call")->required.size() == 1);
    CHECK(find_probe_type("nope") == nullptr);
  }

  TEST_CASE("enumerated parameters accept only their values") {
    const ProbeType* protectedness = find_probe_type("sts.protected");
    REQUIRE(protectedness);
    const ProbeParam* kind = protectedness->find("case");
    REQUIRE(kind);
    CHECK(check_probe_param(*kind, "signature_wrapping", {}).empty());
    CHECK(check_probe_param(*kind, "expird", {}).starts_with("one of valid, no_token"));
  }

  TEST_CASE("interface references must name an interface of the catalog") {
    std::vector<std::string> order{"SF1500", "SF1510"};
    const ProbeParam* target = find_probe_type("tls")->find("target");
    CHECK(check_probe_param(*target, "sts", order).empty());
    CHECK(check_probe_param(*target, "SF1510", order).empty());
    CHECK_FALSE(check_probe_param(*target, "SF9999", order).empty());
    const ProbeParam* service = find_probe_type("soap.call")->find("service");
    CHECK_FALSE(check_probe_param(*service, "sts", order).empty());
    CHECK(default_for(*service, "SF1500") == "SF1500");
  }

  TEST_CASE("numbers are whole numbers, status codes two digits") {
    const ProbeParam* days = find_probe_type("saml.metadata")->find("warn_days");
    CHECK(check_probe_param(*days, "30", {}).empty());
    CHECK_FALSE(check_probe_param(*days, "-1", {}).empty());
    CHECK_FALSE(check_probe_param(*days, "3O", {}).empty());
    const ProbeParam* status = find_probe_type("soap.call")->find("expect_status");
    CHECK(check_probe_param(*status, "44", {}).empty());
    CHECK_FALSE(check_probe_param(*status, "200", {}).empty());
  }
}

TEST_SUITE("criteria::ids") {
  TEST_CASE("interface ids") {
    CHECK(is_interface_id("SF1500"));
    CHECK(is_interface_id("SF1460_A"));
    CHECK(is_interface_id("CE1510"));
    CHECK_FALSE(is_interface_id("SF150"));
    CHECK_FALSE(is_interface_id("SF15000"));
    CHECK_FALSE(is_interface_id("sf1500"));
    CHECK_FALSE(is_interface_id("SF1460_a"));
    CHECK_FALSE(is_interface_id("XX1500"));
    CHECK_FALSE(is_interface_id("SF1460-A"));
  }

  TEST_CASE("criterion ids") {
    CHECK(criterion_number("SF1500.2", "SF1500") == 2);
    CHECK(criterion_number("SF1500.12", "SF1500") == 12);
    CHECK_FALSE(criterion_number("SF1500.02", "SF1500"));
    CHECK_FALSE(criterion_number("SF1500.0", "SF1500"));
    CHECK_FALSE(criterion_number("SF1500.", "SF1500"));
    CHECK_FALSE(criterion_number("SF1510.1", "SF1500"));
    CHECK_FALSE(criterion_number("SF1500.1a", "SF1500"));
    CHECK(interface_of("SF1460_A.3") == "SF1460_A");
  }
}
