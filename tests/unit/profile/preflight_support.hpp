// What the pre-flight tests share: the small test catalog, the lines every test profile starts with,
// and running the pre-flight on a profile file.
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "../criteria/corpus_support.hpp"
#include "criteria/model/loader.hpp"
#include "profile/loader.hpp"
#include "profile/preflight.hpp"

namespace klarmeld::testing {

inline criteria::Catalog small_catalog() {
  auto catalog = criteria::load_catalog(test::test_root() + "/data/catalogs/small");
  REQUIRE(catalog.ok());
  return std::move(*catalog);
}

// vendor, system, pilot municipality and an environment: the smallest profile the loader takes.
inline std::string profile_header(const std::string& cvr = "12345674") {
  return "vendor: { name: \"A\", cvr: \"" + cvr +
         "\" }\n"
         "system: { name: \"B\", version: \"1\" }\n"
         "pilot_municipality: { name: \"Aarhus\", code: 751 }\n"
         "environment: { name: \"x\" }\n";
}

inline profile::PreflightReport preflight_of(const std::string& file, const profile::PreflightRequest& request = {}) {
  auto loaded = profile::load_profile(file);
  REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
  return profile::run_preflight(*loaded, small_catalog(), request);
}

} // namespace klarmeld::testing
