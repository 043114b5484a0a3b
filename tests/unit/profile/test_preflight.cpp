#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "../criteria/corpus_support.hpp"
#include "../support/temporary_directory.hpp"
#include "criteria/model/loader.hpp"
#include "preflight_support.hpp"
#include "profile/loader.hpp"
#include "profile/preflight.hpp"
#include "profile/template.hpp"

using namespace klarmeld;
using namespace klarmeld::profile;
namespace fs = std::filesystem;

namespace {

struct Scratch : test::TemporaryDirectory {
  std::string path = TemporaryDirectory::path();
  std::string write(const std::string& name, const std::string& text) const {
    std::string file = path + "/" + name;
    std::ofstream(file) << text;
    return file;
  }
};

using testing::preflight_of;
using testing::small_catalog;

std::string header(const std::string& cvr = "12345674") {
  return testing::profile_header(cvr);
}

bool has(const PreflightReport& report, const std::string& code, int line = 0) {
  return std::any_of(report.errors.begin(), report.errors.end(), [&](const Error& error) {
    return error.code == code && (line == 0 || (error.where && error.where->line == line));
  });
}

} // namespace

TEST_SUITE("profile::preflight") {
  TEST_CASE("a complete profile without credentials passes") {
    Scratch scratch;
    auto report = preflight_of(scratch.write("p.yaml", header()));
    CHECK(report.ok());
    CHECK(report.warnings.empty());
  }

  TEST_CASE("the unfilled `profile init` template is refused, naming the placeholder's line") {
    Scratch scratch;
    auto text = profile_template("Eksempel A/S", "Sag Pro", "Aarhus", "", nullptr);
    REQUIRE(text.ok());
    std::string file = scratch.write("template.yaml", *text);
    auto report = preflight_of(file);
    REQUIRE_FALSE(report.ok());
    REQUIRE(has(report, "profile.placeholder", 7)); // vendor.cvr is line 7 of the template
    CHECK(report.errors.front().render().starts_with(file + ":7:"));
    // Its credentials name files that do not exist yet: these are reported too (credentials: exit 3).
    CHECK(std::any_of(report.errors.begin(), report.errors.end(),
                      [](const Error& error) { return error.code.starts_with("credentials."); }));
    CHECK(has(report, "profile.unreadable-file")); // certs/ca.pem
  }

  TEST_CASE("evidence for a probe's criterion and evidence dated after today are errors at their line") {
    Scratch scratch;
    std::string file = scratch.write("p.yaml", header() + "evidence:\n"
                                                          "  - criterion: SF1500.1\n"
                                                          "    answer: ja\n"
                                                          "    url: \"https://doc.example/1\"\n"
                                                          "    confirmed_by: \"J\"\n"
                                                          "    date: 2026-01-02\n"
                                                          "  - criterion: SF0810.1\n"
                                                          "    answer: ja\n"
                                                          "    url: \"https://doc.example/2\"\n"
                                                          "    confirmed_by: \"J\"\n"
                                                          "    date: 2026-01-05\n");
    PreflightRequest request;
    request.now = Clock::from_time_t(1767312000); // 2026-01-02T00:00:00Z
    auto report = preflight_of(file, request);
    CHECK(has(report, "profile.evidence-for-automated", 6));
    CHECK(has(report, "profile.evidence-in-future", 11));
    CHECK(report.errors.size() == 2);
    request.now = Clock::from_time_t(1767571200); // 2026-01-05: the same evidence is no longer in the future
    CHECK_FALSE(has(preflight_of(file, request), "profile.evidence-in-future"));
  }

  TEST_CASE("a missing or empty CA bundle is an input error at its line") {
    Scratch scratch;
    std::string missing = scratch.write("missing.yaml", header() + "credentials:\n  ca_bundle: \"nowhere/ca.pem\"\n");
    CHECK(has(preflight_of(missing), "profile.unreadable-file", 6));
    scratch.write("empty.pem", "");
    std::string empty = scratch.write("empty.yaml", header() + "credentials:\n  ca_bundle: \"empty.pem\"\n");
    auto report = preflight_of(empty);
    REQUIRE(has(report, "profile.empty-file", 6));
    CHECK(report.errors.front().kind == ErrorKind::Input);
    scratch.write("junk.pem", "not a certificate\n");
    std::string junk = scratch.write("junk.yaml", header() + "credentials:\n  ca_bundle: \"junk.pem\"\n");
    CHECK(has(preflight_of(junk), "profile.no-certificate", 6));
  }

  TEST_CASE("an unreadable system certificate password is a credentials error (exit 3) at its line") {
    Scratch scratch;
    unsetenv("KLARMELD_PREFLIGHT_TEST_PASSWORD");
    std::string file = scratch.write("p.yaml", header() + "credentials:\n"
                                                          "  pkcs12: \"system.p12\"\n"
                                                          "  password_env: \"KLARMELD_PREFLIGHT_TEST_PASSWORD\"\n");
    auto report = preflight_of(file);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors.front().kind == ErrorKind::Runtime);
    CHECK(report.errors.front().where->line == 7);
    PreflightRequest nothing_to_call;
    nothing_to_call.opens_system_certificate = false; // every interface ikke_relevant: nothing opens it
    CHECK(preflight_of(file, nothing_to_call).ok());
  }

  TEST_CASE("a signing key whose password variable is unset fails before anything runs") {
    Scratch scratch;
    unsetenv("KLARMELD_PREFLIGHT_SIGN_PASSWORD");
    PreflightRequest request;
    request.signer.p12 = scratch.path + "/sign.p12";
    request.signer.password.environment_variable = "KLARMELD_PREFLIGHT_SIGN_PASSWORD";
    auto report = preflight_of(scratch.write("p.yaml", header()), request);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors.front().code == "credentials.password-missing");
    CHECK_FALSE(report.signer.has_value());
  }

  TEST_CASE("every output folder must exist and be writable") {
    Scratch scratch;
    PreflightRequest request;
    request.output_files = {scratch.path + "/k.xlsx", scratch.path + "/missing/result.json", "", scratch.path};
    auto report = preflight_of(scratch.write("p.yaml", header()), request);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].code == "output.no-folder");
    CHECK(report.errors[0].message.find("missing") != std::string::npos);
    CHECK(report.errors[1].code == "output.is-folder");
  }
}
