#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "crypto/certificate_info.hpp"
#include "crypto/xml/encoding.hpp"
#include "report/attestation.hpp"
#include "tests/unit/support/test_certs.hpp"
#include "util/base64.hpp"
#include "util/digest.hpp"
#include "util/json.hpp"

using namespace klarmeld;
using namespace klarmeld::report;

namespace {

const crypto::Identity& signer() {
  static crypto::Identity identity = testing::make_identity("klarmeld attestation test");
  return identity;
}

int run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return -1;
  }
  char buffer[4096];
  while (size_t read = fread(buffer, 1, sizeof buffer, pipe)) {
    output.append(buffer, read);
  }
  return pclose(pipe);
}

engine::Assessment attested_assessment(Verdict second) {
  engine::Assessment assessment;
  assessment.catalog_identity = "SKI 02.19 test";
  assessment.catalog_version = "1.0.0";
  assessment.catalog_sha256 = std::string(64, 'a');
  assessment.profile_sha256 = std::string(64, 'b');
  engine::InterfaceOutcome interface;
  interface.id = "SF1500";
  interface.klarmeldt = second == Verdict::Ja ? Verdict::Ja : Verdict::Nej;
  engine::CriterionOutcome first;
  first.criterion_id = "SF1500.1";
  first.verdict = Verdict::Ja;
  engine::CriterionOutcome other;
  other.criterion_id = "SF1500.2";
  other.verdict = second;
  interface.criteria = {first, other};
  assessment.interfaces.push_back(interface);
  return assessment;
}

std::string envelope_for(const engine::Assessment& assessment, const std::string& digest) {
  std::string statement = build_test_result_statement(assessment, "klarmelding.xlsx", digest);
  auto envelope = sign_dsse_envelope(intoto_payload_type, statement, signer());
  REQUIRE(envelope.ok());
  return *envelope;
}

} // namespace

TEST_SUITE("report::attestation") {
  TEST_CASE("a ready run gives PASSED with the criteria sorted into passed and failed") {
    std::string digest = sha256_hex("workbook bytes");
    AttestationReport report = verify_attestation(envelope_for(attested_assessment(Verdict::Ja), digest), digest);
    CHECK_MESSAGE(report.valid, report.problem);
    CHECK(report.result == "PASSED");
    CHECK(report.passed == std::vector<std::string>{"SF1500.1", "SF1500.2"});
    CHECK(report.failed.empty());
    CHECK(report.signer_sha256 == crypto::describe(signer().certificate.get()).sha256_fingerprint);
  }

  TEST_CASE("a Nej makes it FAILED and lists the failed criterion; Ikke testet is warned") {
    std::string digest = sha256_hex("x");
    auto failed = verify_attestation(envelope_for(attested_assessment(Verdict::Nej), digest), digest);
    CHECK(failed.result == "FAILED");
    CHECK(failed.failed == std::vector<std::string>{"SF1500.2"});
    auto warned = verify_attestation(envelope_for(attested_assessment(Verdict::IkkeTestet), digest), digest);
    CHECK(warned.result == "FAILED");
    CHECK(warned.warned == std::vector<std::string>{"SF1500.2"});
  }

  TEST_CASE("another file's digest is refused") {
    std::string envelope = envelope_for(attested_assessment(Verdict::Ja), sha256_hex("original"));
    auto report = verify_attestation(envelope, sha256_hex("changed"));
    CHECK_FALSE(report.valid);
    CHECK(report.problem.find("subject digest") != std::string::npos);
  }

  TEST_CASE("a changed payload breaks the DSSE signature") {
    std::string digest = sha256_hex("y");
    auto envelope = parse_json(envelope_for(attested_assessment(Verdict::Nej), digest), "envelope");
    REQUIRE(envelope.ok());
    std::string payload = *crypto::xml::base64_decode(string_at(*envelope, "/payload"), "p");
    std::string forged = payload;
    forged.replace(forged.find("FAILED"), 6, "PASSED");
    std::string text = envelope_for(attested_assessment(Verdict::Nej), digest);
    std::string original_b64 = string_at(*envelope, "/payload");
    text.replace(text.find(original_b64), original_b64.size(), klarmeld::base64_encode(forged));
    auto report = verify_attestation(text, digest);
    CHECK_FALSE(report.valid);
    CHECK(report.problem.find("DSSE signature does not verify") != std::string::npos);
  }

  TEST_CASE("the DSSE signature verifies with openssl over the pre-authentication encoding") {
    testing::ScratchDirectory dir;
    std::string digest = sha256_hex("z");
    auto envelope = parse_json(envelope_for(attested_assessment(Verdict::Ja), digest), "envelope");
    REQUIRE(envelope.ok());
    std::string payload = *crypto::xml::base64_decode(string_at(*envelope, "/payload"), "p");
    std::string signature = *crypto::xml::base64_decode(string_at(*envelope, "/signatures/0/sig"), "s");
    std::string pae = "DSSEv1 " + std::to_string(std::string(intoto_payload_type).size()) + " " + intoto_payload_type +
                      " " + std::to_string(payload.size()) + " " + payload;
    std::ofstream((dir.path() + "/pae.bin"), std::ios::binary) << pae;
    std::ofstream((dir.path() + "/sig.bin"), std::ios::binary) << signature;
    std::ofstream((dir.path() + "/cert.pem")) << crypto::to_pem(signer().certificate.get());
    std::string output;
    REQUIRE(
        run_command("openssl x509 -in " + (dir.path() + "/cert.pem") + " -pubkey -noout > " + (dir.path() + "/pub.pem"),
                    output) == 0);
    int status = run_command("openssl dgst -sha256 -verify " + (dir.path() + "/pub.pem") + " -signature " +
                                 (dir.path() + "/sig.bin") + " " + (dir.path() + "/pae.bin"),
                             output);
    CHECK_MESSAGE(status == 0, output);
    CHECK(output.find("Verified OK") != std::string::npos);
  }
}
