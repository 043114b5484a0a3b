#include <doctest/doctest.h>

#include <filesystem>

#include <unistd.h>

#include "../criteria/corpus_support.hpp"
#include "criteria/model/loader.hpp"
#include "profile/loader.hpp"
#include "profile/template.hpp"

using namespace klarmeld;
using namespace klarmeld::profile;
namespace fs = std::filesystem;

namespace {

// Writes the template into a fresh temporary directory and loads it back.
Result<Profile> load_written(const std::string& text, const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("klarmeld-template-" + name + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "profile.yaml").string();
  test::write_text(path, text);
  auto loaded = load_profile(path, std::string(KLARMELD_SOURCE_DIR) + "/criteria");
  fs::remove_all(dir);
  return loaded;
}

} // namespace

TEST_SUITE("profile::template") {
  TEST_CASE("the template loads as it is, with the given names") {
    auto text = profile_template("Eksempel Software A/S", "Sagsbehandler Pro", "Aarhus");
    REQUIRE(text.ok());
    auto loaded = load_written(*text, "plain");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    CHECK(loaded->vendor_name == "Eksempel Software A/S");
    CHECK(loaded->system_name == "Sagsbehandler Pro");
    CHECK(loaded->municipality_code == 751);
    CHECK(loaded->municipality_name == "Aarhus");
    CHECK(loaded->vendor_cvr == placeholder_cvr);
    CHECK(loaded->credentials.password_env == "KLARMELD_P12_PASSWORD");
    // The short form: KOMBIT's values come from criteria/environments/eksterntest.yaml.
    CHECK(loaded->environment.kombit == "eksterntest");
    CHECK(loaded->environment.interfaces.at("SF1490").entity_id ==
          "http://entityid.kombit.dk/service/ydi/ydelseindeks/6");
    CHECK(loaded->declarations.empty());
    CHECK(loaded->evidence.empty());
  }

  TEST_CASE("comments explain in Danish and English, the placeholder CVR is marked") {
    auto text = profile_template("A", "B", "751");
    REQUIRE(text.ok());
    CHECK(text->find("ERSTAT med jeres CVR / REPLACE with your CVR") != std::string::npos);
    CHECK(text->find("ikke_relevant   = Ikke relevant") != std::string::npos);
    CHECK(text->find("Expired evidence counts as not given") != std::string::npos);
    CHECK(text->find("password: ") == std::string::npos);
  }

  TEST_CASE("kommune by code or official name, CVR when given") {
    auto text = profile_template("A", "B", "Bornholms Regionskommune", "55133018");
    REQUIRE(text.ok());
    auto loaded = load_written(*text, "bornholm");
    REQUIRE(loaded.ok());
    CHECK(loaded->municipality_code == 400);
    CHECK(loaded->vendor_cvr == "55133018");
    CHECK(text->find("REPLACE") == std::string::npos);
  }

  TEST_CASE("quotes, backslashes and newlines in names cannot break the YAML") {
    auto text = profile_template("Firma \"Citat\" \\ A/S\nevil: key", "System: #1", "101");
    REQUIRE(text.ok());
    auto loaded = load_written(*text, "quotes");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    CHECK(loaded->vendor_name == "Firma \"Citat\" \\ A/Sevil: key");
    CHECK(loaded->system_name == "System: #1");
    CHECK(loaded->municipality_name == "København");
  }

  TEST_CASE("an unknown kommune or a bad CVR is an input error") {
    auto unknown = profile_template("A", "B", "Christiansø");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "profile.unknown-municipality");
    auto bad = profile_template("A", "B", "Aarhus", "12345675");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "profile.bad-cvr");
  }
}

TEST_SUITE("profile::template with a catalog") {
  TEST_CASE("every interface of the catalog is listed, commented out, and the template still loads") {
    auto catalog = criteria::load_catalog(test::test_root() + "/data/catalogs/small");
    REQUIRE(catalog.ok());
    auto text = profile_template("A", "B", "Aarhus", "", &*catalog);
    REQUIRE(text.ok());
    CHECK(text->find("  # SF0810: ikke_angivet    # Beskedfordeler\n") != std::string::npos);
    CHECK(text->find("  # SF1500: ikke_angivet    # Organisation services\n") != std::string::npos);
    CHECK(text->find("  # SF1512: ikke_angivet    # Token-beskyttet webservice\n") != std::string::npos);
    CHECK(text->find("@DECLARATIONS@") == std::string::npos);
    auto loaded = load_written(*text, "catalog");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    CHECK(check_profile_against_catalog(*loaded, *catalog).ok());
  }
}
