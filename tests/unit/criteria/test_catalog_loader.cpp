#include <doctest/doctest.h>

#include "corpus_support.hpp"
#include "criteria/model/canonical.hpp"
#include "criteria/model/loader.hpp"

using namespace klarmeld;
using namespace klarmeld::criteria;

namespace {
std::string catalog_dir(const std::string& name) {
  return test::test_root() + "/data/catalogs/" + name;
}
} // namespace

TEST_SUITE("criteria::loader") {
  TEST_CASE("a valid catalog loads with everything in order") {
    auto catalog = load_catalog(catalog_dir("small"));
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? std::string() : catalog.error().render()));
    CHECK(catalog->identity == "klarmeld test catalog");
    CHECK(catalog->version == "0.0.1");
    CHECK(catalog->order == std::vector<std::string>{"SF0810", "SF1500", "SF1512"});
    REQUIRE(catalog->interfaces.size() == 3);
    CHECK(catalog->interfaces[1].id == "SF1500");
    CHECK(catalog->interfaces[1].name_da == "Organisation services");
    CHECK(catalog->interfaces[1].direction == Direction::Uses);
    CHECK(catalog->interfaces[2].direction == Direction::Exposes);
    CHECK(catalog->interfaces[1].purpose_da == "Organisation er den fælles kilde til kommunens organisation.");
    CHECK(catalog->interfaces[1].criteria.size() == 4);
    CHECK(catalog->sha256.size() == 64);
  }

  TEST_CASE("criteria keep number, source, required and how they are decided") {
    auto catalog = load_catalog(catalog_dir("small"));
    REQUIRE(catalog.ok());
    const Criterion* published = catalog->find_criterion("SF0810.2");
    REQUIRE(published);
    CHECK(published->number == 2);
    CHECK(published->source == TextSource::Published);
    CHECK_FALSE(published->required);
    CHECK(published->is_manual());
    CHECK(published->manual_evidence == "Log der viser en modtaget besked.");
    const Criterion* call = catalog->find_criterion("SF1500.3");
    REQUIRE(call);
    CHECK(call->required);
    REQUIRE(call->probe);
    CHECK(call->probe->type == "soap.call");
    CHECK(call->probe->params.at("operation") == "virksomhed/soeg");
    CHECK(call->where.line == 24);
  }

  TEST_CASE("optional probe parameters get their defaults") {
    auto catalog = load_catalog(catalog_dir("small"));
    REQUIRE(catalog.ok());
    const auto& tls = catalog->find_criterion("SF1500.1")->probe->params;
    CHECK(tls.at("target") == "SF1500");
    CHECK(tls.at("min_version") == "1.2");
    CHECK(tls.at("warn_days") == "30");
    CHECK(catalog->find_criterion("SF1500.2")->probe->params.at("service") == "SF1500");
    CHECK(catalog->find_criterion("SF1500.3")->probe->params.at("expect_status") == "20");
    CHECK(catalog->find_criterion("SF1512.2")->probe->params.at("case") == "expired");
  }

  TEST_CASE("mode parameters are parsed into their enums once, defaults included") {
    auto catalog = load_catalog(catalog_dir("small"));
    REQUIRE(catalog.ok());
    CHECK(catalog->find_criterion("SF1500.1")->probe->modes.tls_min_version == TlsMinVersion::Tls12);
    CHECK(catalog->find_criterion("SF1500.2")->probe->modes.sts_variant == StsVariant::Soap);
    CHECK(catalog->find_criterion("SF1512.2")->probe->modes.protected_case == ProtectedCase::Expired);
  }

  TEST_CASE("a directory that does not exist is an input error naming it") {
    auto catalog = load_catalog(catalog_dir("no-such-catalog"));
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error().code == "criteria.missing-dir");
    CHECK(test::relative_to_tests(catalog.error().render()) ==
          "data/catalogs/no-such-catalog: criteria catalog directory not found");
  }

  TEST_CASE("lint of a clean catalog finds nothing") {
    CHECK(lint_catalog(catalog_dir("small")).empty());
  }
}

TEST_SUITE("criteria::canonical") {
  TEST_CASE("key order, quoting, folding, comments and written-out defaults do not change the hash") {
    auto plain = load_catalog(catalog_dir("small"));
    auto reformatted = load_catalog(catalog_dir("small-reformatted"));
    REQUIRE_MESSAGE(plain.ok(), (plain.ok() ? std::string() : plain.error().render()));
    REQUIRE_MESSAGE(reformatted.ok(), (reformatted.ok() ? std::string() : reformatted.error().render()));
    CHECK(canonical_form(*plain) == canonical_form(*reformatted));
    CHECK(plain->sha256 == reformatted->sha256);
  }

  TEST_CASE("any change to what is assessed changes the hash") {
    auto catalog = load_catalog(catalog_dir("small"));
    REQUIRE(catalog.ok());
    const std::string original = catalog_sha256(*catalog);
    CHECK(original == catalog->sha256);

    auto text = *catalog;
    text.interfaces[1].criteria[0].text_da += ".";
    CHECK(catalog_sha256(text) != original);

    auto param = *catalog;
    param.interfaces[1].criteria[2].probe->params["expect_status"] = "40";
    CHECK(catalog_sha256(param) != original);

    auto required = *catalog;
    required.interfaces[0].criteria[1].required = true;
    CHECK(catalog_sha256(required) != original);

    auto order = *catalog;
    std::swap(order.order[0], order.order[1]);
    CHECK(catalog_sha256(order) != original);
  }

  TEST_CASE("values cannot imitate a field boundary") {
    Catalog first;
    first.identity = "a\nversion 1:b";
    Catalog second;
    second.identity = "a";
    second.version = "b";
    CHECK(canonical_form(first) != canonical_form(second));
  }

  TEST_CASE("the canonical form starts with its format line") {
    Catalog empty;
    CHECK(canonical_form(empty).starts_with("format 18:klarmeld-catalog/1\nidentity 0:\nversion 0:\n"));
  }
}
