// Beskedfordeler push delivery (BeskedFåTilsendt, SF1461; the push form of the old SF1460_A): BFO
// POSTs a ModtagBeskedInput holding one Haendelsesbesked to the vendor's callback endpoint over
// two-way TLS and reads ModtagBeskedOutput/StandardRetur/StatusKode (20 = received). Shapes from
// kombit/bfo_infrastructureSamples-java, restdelivery-example-app/src/main/resources/beskedfordeler/
// xsd/AnvendersystemOperationer.xsd (elements and namespaces) and .../resources/test/message.xml
// (KOMBIT's own test message); codes from .../servlets/MessageReceivingServlet.java (20 received,
// 41 "Couldn't parse message"). Protocol code only: built and read here, judged by the bfo.push probe.
// docs/kombit-notes.md "Beskedfordeler".
#pragma once

#include <string>
#include <string_view>

#include "interfaces/amqp/besked_kuvert.hpp" // kuvert_namespace, is_uuid: one envelope vocabulary
#include "interfaces/http/http_client.hpp"
#include "util/result.hpp"

namespace klarmeld::bfo {

// ModtagBeskedInput/ModtagBeskedOutput (AnvendersystemOperationer.xsd targetNamespace).
inline constexpr const char* sts_namespace = "urn:oio:sts:1.0.0";
// The sample's curl call (restdelivery-example-app readme) posts text/xml in UTF-8.
inline constexpr const char* push_content_type = "text/xml;charset=UTF-8";
inline constexpr const char* status_received = "20";
// The Beskedtype UUID of KOMBIT's push test message (test/message.xml).
inline constexpr const char* sample_beskedtype = "c8673551-981e-4be1-b1a6-180cf6fa61f0";

struct PushMessage {
  std::string besked_id;       // BeskedId/UUIDIdentifikator
  std::string beskedtype;      // Beskedkuvert/Filtreringsdata/Beskedtype/UUIDIdentifikator
  std::string transaktions_id; // Beskedkuvert/Leveranceinformation/TransaktionsId/UUIDIdentifikator
  std::string data_text;       // the text of Beskeddata's one element (a test message)
};

// A ModtagBeskedInput as test/message.xml lays it out (BeskedVersion 1.0).
std::string build_modtag_besked_input(const PushMessage& message);

// The ModtagBeskedInput BFO pushes for a message it distributes: the sender's Haendelsesbesked as it
// came (its root element, re-serialised), inside ModtagBeskedInput (AnvendersystemOperationer.xsd).
// Input error "bfo.push-input" when the text is no Haendelsesbesked.
Result<std::string> wrap_modtag_besked_input(std::string_view haendelsesbesked_xml);

// The POST of a ModtagBeskedInput to a callback as BFO makes it: text/xml, over two-way TLS (the
// client certificate is the caller's identity: the simulated BFO's, or klarmeld's standing in for it).
http::Request modtag_besked_request(const std::string& callback_url, std::string input_xml);

// What a callback reads from a ModtagBeskedInput: the BeskedId (a UUID). Input error
// "bfo.push-input" naming what is missing or not well-formed.
Result<std::string> read_modtag_besked_input(const std::string& xml);

// How a callback answered a ModtagBeskedInput: received only on HTTP 200 with StatusKode 20; `said`
// is "HTTP 200, StatusKode 40 (FejlbeskedTekst)" or what was wrong with the answer.
struct PushAnswer {
  bool received = false;
  std::string status_code; // StatusKode when the answer was HTTP 200 and held one
  std::string said;
};
PushAnswer read_modtag_besked_answer(long http_status, const std::string& body);

// A ModtagBeskedOutput with StandardRetur (sagdok 3.0.0) StatusKode and FejlbeskedTekst.
std::string build_modtag_besked_output(int status_code, const std::string& error_text);

} // namespace klarmeld::bfo
