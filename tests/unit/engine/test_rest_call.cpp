#include <doctest/doctest.h>

#include "crypto/random.hpp"
#include "interfaces/kombit_names.hpp"
#include "util/base64.hpp"

#include <regex>

#include "engine_test_model.hpp"
#include "fake_probe_context.hpp"
#include "interfaces/probes/rest_call_probe.hpp"
#include "interfaces/rest/memo_message.hpp"
#include "interfaces/rest/rest_response.hpp"
#include "interfaces/rest/transaction_headers.hpp"
#include "test_http_support.hpp"

using namespace klarmeld;

namespace {

struct Sf1601Server {
  test::TestPki pki = test::TestPki::generate();
  X509_STORE* client_cas = nullptr;
  std::unique_ptr<test::RunningServer<httplib::SSLServer>> server;
  std::vector<std::string> problems; // what the server found wrong in the request
  std::string kombi_answer =
      "<kombi_response><Result>true</Result><TransmissionID>tx-4711</TransmissionID></kombi_response>";
  int kombi_status = 200;
  std::string memo_version_received;
  int port = 0;

  Sf1601Server() {
    client_cas = X509_STORE_new();
    X509_STORE_add_cert(client_cas, pki.ca.certificate.get());
    server = std::make_unique<test::RunningServer<httplib::SSLServer>>(pki.server.certificate.get(),
                                                                       pki.server.key.get(), client_cas);
    server->server().Post("/service/KombiPostAfsend_1/kombi",
                          [this](const httplib::Request& request, httplib::Response& response) {
                            check_headers(request);
                            if (request.get_header_value("Content-Type") != "application/xml") {
                              problems.push_back("content type");
                            }
                            if (request.get_header_value("Accept") != "application/xml") {
                              problems.push_back("Accept");
                            }
                            auto at = request.body.find("memoVersion=\"");
                            if (at != std::string::npos) {
                              memo_version_received = request.body.substr(at + 13, 3);
                            }
                            if (!probes::validate_kombi_request(request.body).empty()) {
                              problems.push_back("invalid MeMo");
                            }
                            response.status = kombi_status;
                            response.set_content(kombi_answer, "application/xml");
                          });
    server->server().Get("/service/PostForespoerg_1/digitalpost",
                         [this](const httplib::Request& request, httplib::Response& response) {
                           check_headers(request);
                           if (request.get_param_value("cprNumber") != "0101011234") {
                             problems.push_back("cprNumber");
                           }
                           response.set_content(R"({"result":true})", "application/json");
                         });
    port = server->start();
  }

  void check_headers(const httplib::Request& request) {
    if (request.get_header_value("Authorization") != "Holder-of-key fake-access-token-123") {
      problems.push_back("Authorization");
    }
    static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    if (!std::regex_match(request.get_header_value("x-TransaktionsId"), uuid)) {
      problems.push_back("x-TransaktionsId");
    }
    static const std::regex utc("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    if (!std::regex_match(request.get_header_value("x-TransaktionsTid"), utc)) {
      problems.push_back("x-TransaktionsTid");
    }
  }

  probes::ProbeResult run(const std::string& operation, test::FakeProbeContext*& context_out,
                          const std::string& memo_version = {}) {
    auto profile = test::basic_profile();
    if (!memo_version.empty()) {
      profile.environment.interfaces["SF1601"].options["memo_version"] = memo_version;
    }
    profile.environment.interfaces["SF1601"].url = test::local_url(port, "/service/KombiPostAfsend_1/kombi", true);
    profile.environment.interfaces["SF1601"].entity_id = kombit::kombipostafsend_entity_id;
    m_context = std::make_unique<test::FakeProbeContext>(profile, test::interface_with("SF1601", {}),
                                                         test::anchors_of(pki.ca), &pki.client);
    context_out = m_context.get();
    auto criterion = test::probe_criterion("SF1601.2", 2, "rest.call", {{"operation", operation}});
    return probes::make_rest_call_probe()->run(criterion, *criterion.probe, *m_context);
  }

  std::unique_ptr<test::FakeProbeContext> m_context;
};

std::string space_joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) {
    text += item + " ";
  }
  return text;
}

probes::MemoMessage test_memo_message() {
  probes::MemoMessage message;
  message.message_uuid = crypto::random_uuid();
  message.sender_cvr = "55133018";
  message.sender_label = "Aarhus";
  message.recipient_cpr = "0101011234";
  message.created_utc = "2026-11-23T09:00:00Z";
  return message;
}

} // namespace

TEST_SUITE("probes::rest.call") {
  TEST_CASE("the MeMo message has every required element and validation notices a missing one") {
    probes::MemoMessage message = test_memo_message();
    std::string xml = probes::build_kombi_request(message);
    CHECK(probes::validate_kombi_request(xml).empty());
    // MeMo 1.2 is the default (itk-dev/serviceplatformen src/Service/SF1601/SF1601.php; namespace unchanged,
    // memoSchVersion only for 1.1). Changed from 1.1, issue #15 defect 6.
    CHECK(xml.find(R"(<Message xmlns="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">)") != std::string::npos);
    CHECK(xml.find("memoSchVersion") == std::string::npos);
    CHECK(xml.find("<content>" + klarmeld::base64_encode(message.content_text) + "</content>") != std::string::npos);
    message.recipient_cpr.clear();
    auto missing = probes::validate_kombi_request(probes::build_kombi_request(message));
    REQUIRE(missing.size() == 1);
    CHECK(missing[0] == "MessageHeader/Recipient/recipientID");
  }

  TEST_CASE("MeMo 1.1 stays selectable; an unknown version is refused locally") {
    probes::MemoMessage message = test_memo_message();
    message.memo_version = "1.1";
    std::string xml = probes::build_kombi_request(message);
    CHECK(probes::validate_kombi_request(xml).empty());
    CHECK(xml.find(R"(memoVersion="1.1" memoSchVersion="1.1.0")") != std::string::npos);
    message.memo_version = "2.0";
    auto missing = probes::validate_kombi_request(probes::build_kombi_request(message));
    REQUIRE(missing.size() == 1);
    CHECK(missing[0] == "Message/@memoVersion (1.1 or 1.2)");
  }

  TEST_CASE("reading answers") {
    CHECK(probes::find_field("<r><ns:TransmissionID>abc</ns:TransmissionID></r>", "TransmissionID") == "abc");
    CHECK(probes::find_field(R"({"TransmissionID": "t-1"})", "TransmissionID") == "t-1");
    CHECK_FALSE(probes::find_field("<r/>", "TransmissionID").has_value());
    CHECK(probes::find_result_flag(R"({"result": false})") == false);
    CHECK_FALSE(probes::find_result_flag(R"({"res": true})").has_value());
    CHECK(probes::find_kombi_result("<kombi_response><Result> true </Result></kombi_response>") == true);
    CHECK(probes::find_kombi_result("<kombi_response><Result>0</Result></kombi_response>") == false);
    CHECK_FALSE(probes::find_kombi_result("<kombi_response><Result>OK</Result></kombi_response>").has_value());
  }

  TEST_CASE("KombiPostAfsend with holder-of-key over mutual TLS is accepted") {
    Sf1601Server server;
    test::FakeProbeContext* context = nullptr;
    auto result = server.run("kombipostafsend", context);
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(result.reason.find("tx-4711") != std::string::npos);
    CHECK_MESSAGE(server.problems.empty(), space_joined(server.problems));
    CHECK(result.http_status == 200);
    CHECK(server.memo_version_received == "1.2");
    REQUIRE(context->exchanges.count("kombipostafsend") == 1);
    const std::string& recorded = context->exchanges["kombipostafsend"];
    CHECK(recorded.find("fake-access-token-123") == std::string::npos);
    CHECK(recorded.find("0101011234") == std::string::npos);
    CHECK(recorded.find("Holder-of-key hmac-sha256:") != std::string::npos);
  }

  TEST_CASE("a refused message is Nej with Fejlkode and FejlTekst") {
    Sf1601Server server;
    server.kombi_status = 400;
    server.kombi_answer =
        "<kombi_response><Fejlkode>MEMO-7</Fejlkode><FejlTekst>Ugyldig modtager</FejlTekst></kombi_response>";
    test::FakeProbeContext* context = nullptr;
    auto result = server.run("kombipostafsend", context);
    CHECK(result.verdict == Verdict::Nej);
    CHECK(result.reason == "KombiPostAfsend answered HTTP 400: Fejlkode MEMO-7 — Ugyldig modtager");
  }

  TEST_CASE("the profile selects MeMo 1.1 for KombiPostAfsend") {
    Sf1601Server server;
    test::FakeProbeContext* context = nullptr;
    auto result = server.run("kombipostafsend", context, "1.1");
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(server.memo_version_received == "1.1");
    CHECK_MESSAGE(server.problems.empty(), space_joined(server.problems));
  }

  TEST_CASE("Result false is Nej even with a TransmissionID") {
    // kombi_response shape read by itk-dev/serviceplatformen src/Service/SF1601/SF1601.php:
    // Result (boolean), TransmissionID. Issue #15, defect 6.
    Sf1601Server server;
    test::FakeProbeContext* context = nullptr;
    SUBCASE("Result false") {
      server.kombi_answer =
          "<kombi_response><Result>false</Result><TransmissionID>tx-4712</TransmissionID></kombi_response>";
      auto result = server.run("kombipostafsend", context);
      CHECK(result.verdict == Verdict::Nej);
      CHECK(result.reason == "KombiPostAfsend answered HTTP 200 with Result false");
    }
    SUBCASE("no Result") {
      server.kombi_answer = "<kombi_response><TransmissionID>tx-4713</TransmissionID></kombi_response>";
      auto result = server.run("kombipostafsend", context);
      CHECK(result.verdict == Verdict::Nej);
      CHECK(result.reason == "KombiPostAfsend answered HTTP 200 without Result true");
    }
    SUBCASE("Result true without a TransmissionID") {
      server.kombi_answer = "<kombi_response><Result>true</Result></kombi_response>";
      auto result = server.run("kombipostafsend", context);
      CHECK(result.verdict == Verdict::Nej);
      CHECK(result.reason == "KombiPostAfsend answered HTTP 200 without a TransmissionID");
    }
    SUBCASE("Result false with FejlKode") {
      server.kombi_answer = "<kombi_response><Result>false</Result><TransmissionID>tx-4714</TransmissionID>"
                            "<FejlKode>17</FejlKode><FejlTekst>Afvist</FejlTekst></kombi_response>";
      auto result = server.run("kombipostafsend", context);
      CHECK(result.verdict == Verdict::Nej);
      CHECK(result.reason == "KombiPostAfsend answered HTTP 200: Fejlkode 17 — Afvist");
    }
    CHECK_MESSAGE(server.problems.empty(), space_joined(server.problems));
  }

  TEST_CASE("PostForespoerg answers a boolean result") {
    Sf1601Server server;
    test::FakeProbeContext* context = nullptr;
    auto result = server.run("postforespoerg", context);
    CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
    CHECK(result.reason == R"(PostForespoerg answered {"result": true})");
    CHECK_MESSAGE(server.problems.empty(), space_joined(server.problems));
  }

  TEST_CASE("without a token the call is not tested") {
    Sf1601Server server;
    auto profile = test::basic_profile();
    profile.environment.interfaces["SF1601"].url =
        test::local_url(server.port, "/service/KombiPostAfsend_1/kombi", true);
    test::FakeProbeContext context(profile, test::interface_with("SF1601", {}), test::anchors_of(server.pki.ca),
                                   &server.pki.client);
    context.fake_tokens().fail = true;
    auto criterion = test::probe_criterion("SF1601.2", 2, "rest.call", {{"operation", "kombipostafsend"}});
    auto result = probes::make_rest_call_probe()->run(criterion, *criterion.probe, context);
    CHECK(result.verdict == Verdict::IkkeTestet);
    CHECK(result.reason.find("STS refused") != std::string::npos);
  }
}
