#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../criteria/corpus_support.hpp"
#include "criteria/model/loader.hpp"
#include "profile/loader.hpp"
#include "tests/unit/support/test_certs.hpp"
#include "util/digest.hpp"

using namespace klarmeld;
using namespace klarmeld::profile;

namespace {
std::string data(const std::string& name) {
  return test::test_root() + "/unit/profile/data/" + name;
}

// valid.yaml with one text replaced, in a copy of its folder (its evidence files are checked at load).
std::string valid_with(const std::string& from, const std::string& to) {
  std::ifstream in(data("valid.yaml"));
  std::stringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  content.replace(content.find(from), from.size(), to);
  // One scratch folder for the whole run, removed when the tests end; each call replaces the copy.
  static const klarmeld::testing::ScratchDirectory scratch;
  auto folder = std::filesystem::path(scratch.path()) / "profile";
  std::filesystem::remove_all(folder);
  std::filesystem::copy(data(""), folder, std::filesystem::copy_options::recursive);
  std::ofstream(folder / "changed.yaml") << content;
  return (folder / "changed.yaml").string();
}
} // namespace

TEST_SUITE("profile::loader") {
  TEST_CASE("a complete profile loads with every field") {
    auto loaded = load_profile(data("valid.yaml"));
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    const Profile& profile = *loaded;
    CHECK(profile.vendor_name == "Eksempel Software A/S");
    CHECK(profile.vendor_cvr == "12345674");
    CHECK(profile.system_name == "Sagsbehandler Pro");
    CHECK(profile.system_version == "4.2");
    CHECK(profile.municipality_name == "Aarhus");
    CHECK(profile.municipality_code == 751);
    CHECK(profile.municipality_cvr == "55133018");
    CHECK(profile.environment.name == "klarmeld test");
    CHECK(profile.environment.sts_url == "https://sts.example.invalid/certificatemixed");
    CHECK(profile.environment.sts_rest_url == "https://sts.example.invalid/rest");
    CHECK(profile.environment.token_exchange_url == "https://sp.example.invalid/token");
    CHECK(profile.environment.sts_issuer == "https://saml.sts.example.invalid/runtime");
    REQUIRE(profile.environment.interfaces.size() == 2);
    // The spelling in the profile file, on purpose (kombit::organisation_entity_id is the client's).
    CHECK(profile.environment.interfaces.at("SF1500").entity_id ==
          "http://stoettesystemerne.dk/service/organisation/3");
    CHECK(profile.environment.interfaces.at("SF1512").options.at("cases") == "11");
    CHECK(profile.environment.interfaces.at("SF1512").where.line == 23);
    CHECK(profile.credentials.password_env == "KLARMELD_P12_PASSWORD");
    CHECK(profile.file == data("valid.yaml"));
    CHECK(profile.sha256 == *sha256_file_hex(data("valid.yaml")));
  }

  TEST_CASE("an interface endpoint may be an sftp:// URL (SF1590_A); the STS may not") {
    std::string sftp =
        valid_with("https://vendor.example.invalid/service", "sftp://klarmeld@sftp.example.invalid:2222/upload/");
    auto loaded = load_profile(sftp);
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    CHECK(loaded->environment.interfaces.at("SF1512").url == "sftp://klarmeld@sftp.example.invalid:2222/upload/");

    std::string sts = valid_with("https://sts.example.invalid/certificatemixed", "sftp://sts.example.invalid/");
    auto refused = load_profile(sts);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "profile.bad-url");
    std::filesystem::remove_all(std::filesystem::path(sts).parent_path());
  }

  TEST_CASE("an interface endpoint may be an amqps:// URL (Beskedfordeler, bfo.receive)") {
    std::string amqps = valid_with("https://vendor.example.invalid/service",
                                   "amqps://beskedfordeler.eksterntest-stoettesystemerne.dk:5671");
    auto loaded = load_profile(amqps);
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().render()));
    CHECK(loaded->environment.interfaces.at("SF1512").url ==
          "amqps://beskedfordeler.eksterntest-stoettesystemerne.dk:5671");
    std::filesystem::remove_all(std::filesystem::path(amqps).parent_path());
  }

  TEST_CASE("municipalities: a rollout list shaped like pilot_municipality, no code twice") {
    auto listed = load_profile(valid_with("pilot_municipality:", "municipalities:\n"
                                                                 "  - { name: Odense, code: 461, cvr: \"35209115\" }\n"
                                                                 "  - { name: \"Aalborg Kommune\", code: 851 }\n"
                                                                 "pilot_municipality:"));
    REQUIRE_MESSAGE(listed.ok(), (listed.ok() ? std::string() : listed.error().render()));
    CHECK(listed->municipalities == std::vector<MunicipalityEntry>{{"Odense", 461, "35209115"}, {"Aalborg", 851, ""}});
    CHECK(listed->municipality_name == "Aarhus");
    auto twice = load_profile(valid_with("pilot_municipality:", "municipalities:\n"
                                                                "  - { name: Odense, code: 461 }\n"
                                                                "  - { name: odense, code: 461 }\n"
                                                                "pilot_municipality:"));
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.find("Odense is listed twice") != std::string::npos);
    auto wrong = load_profile(valid_with("pilot_municipality:", "municipalities:\n"
                                                                "  - { name: Odense, code: 751 }\n"
                                                                "pilot_municipality:"));
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "profile.municipality-mismatch");
  }

  TEST_CASE("relative paths are resolved against the profile's directory") {
    auto loaded = load_profile(data("valid.yaml"));
    REQUIRE(loaded.ok());
    CHECK(loaded->credentials.pkcs12 == data("certs/system.p12"));
    CHECK(loaded->credentials.ssh_private_key == data("certs/sftp_key"));
    CHECK(loaded->credentials.ca_bundle == "/etc/ssl/certs/ca.pem");
    CHECK(loaded->credentials.password_file.empty());
  }

  TEST_CASE("declarations and evidence") {
    auto loaded = load_profile(data("valid.yaml"));
    REQUIRE(loaded.ok());
    CHECK(loaded->declaration_for("SF1500") == SelfDeclaration::Anvendes);
    CHECK(loaded->declaration_for("SF1512") == SelfDeclaration::UnderUdvikling);
    CHECK(loaded->declaration_for("SF0810") == SelfDeclaration::IkkeRelevant);
    CHECK(loaded->declaration_for("SF1601") == SelfDeclaration::IkkeAngivet);
    REQUIRE(loaded->evidence.size() == 2);
    const Evidence* file = loaded->evidence_for("SF1500.4");
    REQUIRE(file);
    CHECK(file->answer == EvidenceAnswer::Ja);
    CHECK(file->file == data("evidence/demo.txt"));
    CHECK(file->sha256 == *sha256_file_hex(data("evidence/demo.txt"))); // given in upper case, kept lower
    CHECK(file->remark == "Vist ved demo");
    CHECK(file->date.iso() == "2026-10-01");
    REQUIRE(file->expires);
    CHECK(file->expires->iso() == "2027-10-01");
    const Evidence* link = loaded->evidence_for("SF0810.1");
    REQUIRE(link);
    CHECK(link->answer == EvidenceAnswer::Nej);
    CHECK(link->url == "https://docs.example.invalid/sf0810");
    CHECK_FALSE(link->expires);
  }

  TEST_CASE("a profile that fits the catalog passes the cross-check") {
    auto loaded = load_profile(data("valid.yaml"));
    auto catalog = criteria::load_catalog(test::test_root() + "/data/catalogs/small");
    REQUIRE(loaded.ok());
    REQUIRE(catalog.ok());
    CHECK(check_profile_against_catalog(*loaded, *catalog).ok());
  }

  TEST_CASE("a missing profile is an input error naming the file") {
    auto loaded = load_profile(data("nope.yaml"));
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().kind == ErrorKind::Input);
    CHECK(test::relative_to_tests(loaded.error().render()) == "unit/profile/data/nope.yaml: file not found");
  }
}

TEST_SUITE("profile::lint") {
  TEST_CASE("lint reports every problem, load the first of them") {
    std::string path = test::test_root() + "/unit/profile/data/several-problems.yaml";
    auto findings = lint_profile(path);
    REQUIRE(findings.size() == 4);
    CHECK(findings[0].code == "profile.bad-cvr");
    CHECK(findings[1].code == "profile.unknown-municipality");
    CHECK(findings[2].code == "profile.unknown-key");
    CHECK(findings[3].code == "profile.bad-value");
    auto loaded = load_profile(path);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().render() == findings[0].render());
  }
  TEST_CASE("a clean profile has no findings") {
    CHECK(lint_profile(data("valid.yaml")).empty());
  }
}
