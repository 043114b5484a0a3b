#include <doctest/doctest.h>

#include <set>

#include "profile/cvr.hpp"
#include "profile/dates.hpp"
#include "profile/municipalities.hpp"

using namespace klarmeld::profile;

TEST_SUITE("profile::cvr") {
  TEST_CASE("valid CVR numbers pass the modulus-11 check") {
    CHECK(is_valid_cvr("12345674"));
    CHECK(is_valid_cvr("55133018")); // Aarhus Kommune
    CHECK(is_valid_cvr("64942212")); // KOMBIT A/S
  }
  TEST_CASE("a changed digit fails") {
    CHECK_FALSE(is_valid_cvr("12345675"));
    CHECK_FALSE(is_valid_cvr("55133019"));
    CHECK_FALSE(is_valid_cvr("21345674"));
  }
  TEST_CASE("anything but exactly 8 digits fails") {
    CHECK_FALSE(is_valid_cvr(""));
    CHECK_FALSE(is_valid_cvr("1234567"));
    CHECK_FALSE(is_valid_cvr("123456740"));
    CHECK_FALSE(is_valid_cvr("1234567a"));
    CHECK_FALSE(is_valid_cvr("DK12345674"));
    CHECK_FALSE(is_valid_cvr("1234 5674"));
  }
}

TEST_SUITE("profile::municipalities") {
  TEST_CASE("all 98, with unique codes and names") {
    const auto& table = municipalities();
    CHECK(table.size() == 98);
    std::set<int> codes;
    std::set<std::string_view> names;
    for (const auto& municipality : table) {
      codes.insert(municipality.code);
      names.insert(municipality.name);
      CHECK(municipality.code >= 101);
      CHECK(municipality.code <= 860);
    }
    CHECK(codes.size() == 98);
    CHECK(names.size() == 98);
  }
  TEST_CASE("known kommunekoder") {
    CHECK(find_municipality(101)->name == "København");
    CHECK(find_municipality(751)->name == "Aarhus");
    CHECK(find_municipality(851)->name == "Aalborg");
    CHECK(find_municipality(461)->name == "Odense");
    CHECK(find_municipality(147)->name == "Frederiksberg");
    CHECK(find_municipality(400)->name == "Bornholm");
    CHECK(find_municipality(825)->name == "Læsø");
    CHECK(find_municipality(492)->name == "Ærø");
    CHECK(find_municipality(860)->name == "Hjørring");
  }
  TEST_CASE("Christiansø and made-up codes are not municipalities") {
    CHECK(find_municipality(411) == nullptr);
    CHECK(find_municipality(0) == nullptr);
    CHECK(find_municipality(999) == nullptr);
    CHECK(find_municipality("Christiansø") == nullptr);
  }
  TEST_CASE("names match case-insensitively, with or without Kommune") {
    CHECK(find_municipality("Aarhus")->code == 751);
    CHECK(find_municipality("aarhus kommune")->code == 751);
    CHECK(find_municipality("AARHUS KOMMUNE")->code == 751);
    CHECK(find_municipality("ÆRØ")->code == 492);
    CHECK(find_municipality("læsø kommune")->code == 825);
    CHECK(find_municipality("Høje-Taastrup Kommune")->code == 169);
    CHECK(find_municipality("  Odense ")->code == 461);
  }
  TEST_CASE("official long forms") {
    CHECK(find_municipality("Københavns Kommune")->code == 101);
    CHECK(find_municipality("Bornholms Regionskommune")->code == 400);
    CHECK(official_name(*find_municipality(400)) == "Bornholms Regionskommune");
    CHECK(official_name(*find_municipality(101)) == "Københavns Kommune");
    CHECK(official_name(*find_municipality(751)) == "Aarhus Kommune");
  }
  TEST_CASE("near misses are not guessed") {
    CHECK(find_municipality("Århus") == nullptr);
    CHECK(find_municipality("Aarhus Komune") == nullptr);
    CHECK(find_municipality("") == nullptr);
    CHECK(find_municipality("Kommune") == nullptr);
  }
}

TEST_SUITE("profile::dates") {
  TEST_CASE("real days only") {
    CHECK(parse_date("2026-10-01")->iso() == "2026-10-01");
    CHECK(parse_date("2024-02-29").has_value());
    CHECK_FALSE(parse_date("2025-02-29").has_value());
    CHECK_FALSE(parse_date("1900-02-29").has_value());
    CHECK(parse_date("2000-02-29").has_value());
    CHECK_FALSE(parse_date("2026-13-01").has_value());
    CHECK_FALSE(parse_date("2026-04-31").has_value());
    CHECK_FALSE(parse_date("2026-1-01").has_value());
    CHECK_FALSE(parse_date("01-10-2026").has_value());
    CHECK_FALSE(parse_date("2026/10/01").has_value());
  }
  TEST_CASE("dates order as days do") {
    CHECK(*parse_date("2026-09-30") < *parse_date("2026-10-01"));
  }
}
