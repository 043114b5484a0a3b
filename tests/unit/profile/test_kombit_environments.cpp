// KOMBIT's environments as data (issue #15): criteria/environments/*.yaml, the profile's short form
// `environment: eksterntest`, the map form, the top-level `sts`/`endpoints` overrides and how they merge
// (docs/profile-format.md "KOMBIT's environments").
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "criteria/model/kombit_environment.hpp"
#include "profile/loader.hpp"

using namespace klarmeld;
using namespace klarmeld::profile;
namespace fs = std::filesystem;

namespace {

const std::string catalog_dir = std::string(KLARMELD_SOURCE_DIR) + "/criteria";

const std::string head = R"(vendor: { name: "Eksempel Software A/S", cvr: "12345674" }
system: { name: "Sagsbehandler Pro", version: "4.2" }
pilot_municipality: { name: "Aarhus", code: 751 }
)";

// A profile of `head` + `rest` in a fresh folder; `dir` is the catalog whose environments are used.
struct Written {
  fs::path folder;
  std::string path;
  explicit Written(const std::string& rest, const std::string& name) {
    folder = fs::temp_directory_path() / ("klarmeld-kombit-env-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    path = (folder / "profile.yaml").string();
    std::ofstream(path) << head << rest;
  }
  ~Written() { fs::remove_all(folder); }
};

Result<Profile> load(const std::string& rest, const std::string& name, const std::string& dir = catalog_dir) {
  Written written(rest, name);
  return load_profile(written.path, dir);
}

} // namespace

TEST_SUITE("profile::kombit environments") {
  TEST_CASE("the shipped environment files load, and every value has a source") {
    CHECK(criteria::kombit_environment_ids(catalog_dir) == std::vector<std::string>{"eksterntest", "produktion"});
    for (const std::string id : {"eksterntest", "produktion"}) {
      CAPTURE(id);
      auto environment = criteria::load_kombit_environment(catalog_dir, id);
      REQUIRE_MESSAGE(environment.ok(), (environment.ok() ? std::string() : environment.error().render()));
      CHECK(environment->id == id);
      CHECK(!environment->sts_url.source.empty());
      CHECK(!environment->sts_issuer.source.empty());
      for (const std::string service : {"SF1470", "SF1490", "SF1500", "SF1510", "SF1601"}) {
        CAPTURE(service);
        REQUIRE(environment->interfaces.count(service) == 1);
        const auto& entry = environment->interfaces.at(service);
        CHECK(entry.url.value.starts_with("https://"));
        CHECK(!entry.url.source.empty());
        CHECK(!entry.entity_id.value.empty());
        CHECK(!entry.entity_id.source.empty());
      }
    }
  }

  TEST_CASE("the short form takes KOMBIT's values from the environment file") {
    auto loaded = load("environment: eksterntest\n", "short");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    const Environment& environment = loaded->environment;
    CHECK(environment.kombit == "eksterntest");
    CHECK(environment.name == "KOMBIT eksterntest");
    CHECK(environment.sts_url ==
          "https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/services/kombittrust/14/certificatemixed");
    CHECK(environment.sts_issuer == "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime");
    CHECK(environment.interfaces.at("SF1490").url ==
          "https://ydelsesindeks.eksterntest-stoettesystemerne.dk/ydelseindeks/6");
    CHECK(environment.interfaces.at("SF1490").entity_id == "http://entityid.kombit.dk/service/ydi/ydelseindeks/6");
    CHECK(environment.interfaces.at("SF1601").options.at("postforespoerg_entity_id") ==
          "http://entityid.kombit.dk/service/postforespoerg/1");
    auto production = load("environment: produktion\n", "production");
    REQUIRE(production.ok());
    CHECK(production->environment.token_exchange_url ==
          "https://prod.serviceplatformen.dk/service/AccessTokenService_1/token");
  }

  TEST_CASE("the map form stays as it was: only what is written") {
    auto loaded = load(R"(environment:
  name: "simulator"
  sts: { url: "https://127.0.0.1:9000/sts" }
  interfaces:
    SF1500: { url: "https://127.0.0.1:9001/organisation/virksomhed/6", entity_id: "urn:x" }
)",
                       "map");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    CHECK(loaded->environment.kombit.empty());
    CHECK(loaded->environment.sts_url == "https://127.0.0.1:9000/sts");
    CHECK(loaded->environment.interfaces.size() == 1);
    CHECK(loaded->environment.interfaces.at("SF1500").entity_id == "urn:x");
  }

  TEST_CASE("overrides: a given key replaces, options merge key by key, new interfaces are added") {
    auto loaded = load(R"(environment: eksterntest
sts:
  url: "https://127.0.0.1:9000/sts"
endpoints:
  SF1500:
    url: "https://127.0.0.1:9001/organisation/virksomhed/6"
    options: { bruger_uuid: "1b8a5f5e-0000-4000-8000-000000000001" }
  SF1601:
    options: { postforespoerg_url: "https://127.0.0.1:9002/pf" }
  SF1511:
    url: "https://saml.leverandoer.example/saml/metadata"
    options: { slo_url: "https://saml.leverandoer.example/saml/logout" }
)",
                       "overrides");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    const Environment& environment = loaded->environment;
    CHECK(environment.sts_url == "https://127.0.0.1:9000/sts");
    // Not overridden: KOMBIT's.
    CHECK(environment.sts_issuer == "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime");
    const auto& organisation = environment.interfaces.at("SF1500");
    CHECK(organisation.url == "https://127.0.0.1:9001/organisation/virksomhed/6");
    CHECK(organisation.entity_id == "http://stoettesystemerne.dk/service/organisation/3");
    CHECK(organisation.options.at("bruger_uuid") == "1b8a5f5e-0000-4000-8000-000000000001");
    const auto& post = environment.interfaces.at("SF1601");
    CHECK(post.url == "https://exttest.serviceplatformen.dk/service/KombiPostAfsend_1/kombi");
    CHECK(post.options.at("postforespoerg_url") == "https://127.0.0.1:9002/pf");
    CHECK(post.options.at("postforespoerg_entity_id") == "http://entityid.kombit.dk/service/postforespoerg/1");
    CHECK(environment.interfaces.at("SF1511").options.at("slo_url") == "https://saml.leverandoer.example/saml/logout");
  }

  TEST_CASE("an unknown environment name is an input error at its line") {
    auto loaded = load("environment: eksterntst\n", "unknown");
    REQUIRE(!loaded.ok());
    CHECK(loaded.error().kind == ErrorKind::Input);
    CHECK(loaded.error().code == "profile.unknown-environment");
    REQUIRE(loaded.error().where.has_value());
    CHECK(loaded.error().where->line == 4);
    CHECK(loaded.error().message.find("known: eksterntest, produktion") != std::string::npos);
  }

  TEST_CASE("a new interface under endpoints needs its url; a bad override URL names its line") {
    auto missing = load("environment: eksterntest\nendpoints:\n  SF1512: { entity_id: \"urn:wsp\" }\n", "no-url");
    REQUIRE(!missing.ok());
    CHECK(missing.error().message.find("needs a 'url'") != std::string::npos);
    CHECK(missing.error().where->line == 6);
    auto bad = load("environment: eksterntest\nendpoints:\n  SF1500: { url: \"ftp://x\" }\n", "bad-url");
    REQUIRE(!bad.ok());
    CHECK(bad.error().code == "profile.bad-url");
    CHECK(bad.error().where->line == 6);
  }

  TEST_CASE("'unavailable' says why an environment has no endpoint; it needs no url") {
    // Over KOMBIT's own endpoint (the demo's short form without its broker), and as a new interface.
    auto loaded = load("environment: eksterntest\nendpoints:\n"
                       "  SF1460_A: { unavailable: \"the broker could not start\" }\n"
                       "  SF1512: { unavailable: \"no WSP here\" }\n",
                       "unavailable");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    CHECK(loaded->environment.interfaces.at("SF1460_A").unavailable == "the broker could not start");
    CHECK(loaded->environment.interfaces.at("SF1512").unavailable == "no WSP here");
    CHECK(loaded->environment.interfaces.at("SF1500").unavailable.empty());
  }

  TEST_CASE("an environment file whose value has no public source or 'inferred' is refused") {
    const fs::path dir = fs::temp_directory_path() / ("klarmeld-kombit-env-catalog-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "environments");
    std::ofstream(dir / "environments" / "lokal.yaml") << R"(id: lokal
name: "lokal"
version: "2026-12-03"
sts:
  url: { value: "https://127.0.0.1/sts", source: "someone told me" }
  issuer: { value: "urn:issuer", source: "inferred: test" }
interfaces: {}
)";
    auto refused = criteria::load_kombit_environment(dir.string(), "lokal");
    REQUIRE(!refused.ok());
    CHECK(refused.error().code == "criteria.bad-source");
    CHECK(refused.error().where->line == 5);
    fs::remove_all(dir);
  }
}
