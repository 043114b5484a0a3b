// The Haendelsesbesked envelope (urn:oio:besked:kuvert:1.0) as the send probes and the simulated BFO
// read it: the xs:sequence of Beskedkuvert.xsd, a UUID BeskedId and a dated Leveranceinformation.
#include <doctest/doctest.h>

#include "interfaces/amqp/besked_kuvert.hpp"

using namespace klarmeld;

namespace {

bfo::Haendelsesbesked sample() {
  bfo::Haendelsesbesked message;
  message.besked_id = "0b6f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f";
  message.besked_version = "1.0";
  message.beskedtype = bfo::test_beskedtype;
  message.ansvarlig_aktoer = "6d5e4f3a-2b1c-4d0e-8f9a-0b1c2d3e4f5a";
  message.tilladte_modtagere = {bfo::cvr_urn("55133018")};
  message.dannelsestidspunkt = "2026-12-04T08:00:00Z";
  message.beskeddata = "a <test> & more";
  return message;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

std::string problem(const std::string& xml) {
  auto read = bfo::read_haendelsesbesked(xml, "m.xml");
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == "bfo.envelope");
  return read.error().message;
}

} // namespace

TEST_SUITE("bfo::haendelsesbesked") {
  TEST_CASE("a written envelope reads back with every field") {
    auto read = bfo::read_haendelsesbesked(bfo::write_haendelsesbesked(sample()), "m.xml");
    REQUIRE_MESSAGE(read.ok(), (read.ok() ? "" : read.error().message));
    CHECK(read->besked_id == sample().besked_id);
    CHECK(read->besked_version == "1.0");
    CHECK(read->beskedtype == bfo::test_beskedtype);
    CHECK(read->ansvarlig_aktoer == sample().ansvarlig_aktoer);
    CHECK(read->tilladte_modtagere == std::vector<std::string>{"urn:oio:cvr-nr:55133018"});
    CHECK(read->dannelsestidspunkt == "2026-12-04T08:00:00Z");
  }

  TEST_CASE("other prefixes, a default sagdok namespace and a time without zone, as KOMBIT's sample writes") {
    const std::string xml =
        "<b:Haendelsesbesked xmlns='urn:oio:sagdok:3.0.0' xmlns:b='urn:oio:besked:kuvert:1.0'>"
        "<b:BeskedId><UUIDIdentifikator>A1B2C3D4-0000-4000-8000-000000000001</UUIDIdentifikator></b:BeskedId>"
        "<b:BeskedVersion>1.0</b:BeskedVersion><b:Beskedkuvert><b:Filtreringsdata><b:Beskedtype>"
        "<UUIDIdentifikator>7654895c-a3f3-4c77-8afd-4c77330f963c</UUIDIdentifikator></b:Beskedtype>"
        "</b:Filtreringsdata><b:Leveranceinformation><b:Dannelsestidspunkt><TidsstempelDatoTid>2022-02-13T08:00:00"
        "</TidsstempelDatoTid></b:Dannelsestidspunkt></b:Leveranceinformation><b:GyldighedFra><TidsstempelDatoTid>"
        "2022-02-13T08:00:00</TidsstempelDatoTid></b:GyldighedFra></b:Beskedkuvert>"
        "<b:Beskeddata><x xmlns='urn:any'/></b:Beskeddata><b:Beskeddata/></b:Haendelsesbesked>";
    auto read = bfo::read_haendelsesbesked(xml, "m.xml");
    REQUIRE_MESSAGE(read.ok(), (read.ok() ? "" : read.error().message));
    CHECK(read->tilladte_modtagere.empty());
  }

  TEST_CASE("Beskeddata inside the Beskedkuvert is out of the sequence") {
    std::string xml = bfo::write_haendelsesbesked(sample());
    xml = replaced(xml, "</k:Beskedkuvert>", "<k:Beskeddata/></k:Beskedkuvert>");
    CHECK(problem(xml) == "m.xml: unexpected element Beskeddata {urn:oio:besked:kuvert:1.0} in Beskedkuvert");
  }

  TEST_CASE("a BeskedId that is not a UUID") {
    std::string xml = replaced(bfo::write_haendelsesbesked(sample()), sample().besked_id, "besked-1");
    CHECK(problem(xml) == "m.xml: BeskedId is not a UUID: 'besked-1'");
  }

  TEST_CASE("no Dannelsestidspunkt, or not a time") {
    bfo::Haendelsesbesked message = sample();
    message.dannelsestidspunkt = "i går";
    CHECK(problem(bfo::write_haendelsesbesked(message)) ==
          "m.xml: Dannelsestidspunkt has no TidsstempelDatoTid xs:dateTime: 'i går'");
    std::string xml = replaced(bfo::write_haendelsesbesked(sample()),
                               "<k:Dannelsestidspunkt><TidsstempelDatoTid>2026-12-04T08:00:00Z</TidsstempelDatoTid>"
                               "</k:Dannelsestidspunkt>",
                               "");
    CHECK(problem(xml).find("lacks Dannelsestidspunkt") != std::string::npos);
  }

  TEST_CASE("the wrong namespace or a missing Beskedtype") {
    std::string xml =
        replaced(bfo::write_haendelsesbesked(sample()), "urn:oio:besked:kuvert:1.0", "urn:besked:kuvert:1.0");
    CHECK(problem(xml).find("not Haendelsesbesked {urn:oio:besked:kuvert:1.0}") != std::string::npos);
    xml = replaced(bfo::write_haendelsesbesked(sample()),
                   "<k:Beskedtype><UUIDIdentifikator>7654895c-a3f3-4c77-8afd-4c77330f963c</UUIDIdentifikator>"
                   "</k:Beskedtype>",
                   "");
    CHECK(problem(xml) == "m.xml: Filtreringsdata lacks Beskedtype (in urn:oio:besked:kuvert:1.0)");
  }
}
