// Push delivery's messages (interfaces/rest/modtag_besked.hpp): what the bfo.push probe sends is
// what the simulated callback (and KOMBIT's sample receiver) reads, and the answer's StatusKode is
// found where the probe looks for it.
#include <doctest/doctest.h>

#include "interfaces/rest/modtag_besked.hpp"
#include "interfaces/soap/soap_operations.hpp"

using namespace klarmeld;

namespace {

bfo::PushMessage sample_push() {
  bfo::PushMessage message;
  message.besked_id = "248ce14c-a863-4fb5-9e6f-7df9ea850809";
  message.beskedtype = bfo::sample_beskedtype;
  message.transaktions_id = "c8673551-981e-4be1-b1a6-180cf6fa61f0";
  message.data_text = "a < b & c";
  return message;
}

} // namespace

TEST_SUITE("interfaces::bfo_push") {
  TEST_CASE("a built ModtagBeskedInput is read back with its BeskedId") {
    const std::string xml = bfo::build_modtag_besked_input(sample_push());
    CHECK(xml.find("<sts:ModtagBeskedInput") != std::string::npos);
    CHECK(xml.find("a &lt; b &amp; c") != std::string::npos);
    auto id = bfo::read_modtag_besked_input(xml);
    REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().message));
    CHECK(*id == "248ce14c-a863-4fb5-9e6f-7df9ea850809");
  }

  TEST_CASE("a cut, foreign or id-less ModtagBeskedInput is an input error naming what is wrong") {
    const std::string xml = bfo::build_modtag_besked_input(sample_push());
    auto cut = bfo::read_modtag_besked_input(xml.substr(0, xml.find("<k:Beskedkuvert>")));
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().code == "bfo.push-input");
    auto foreign = bfo::read_modtag_besked_input("<ModtagBeskedInput/>");
    REQUIRE_FALSE(foreign.ok());
    CHECK(foreign.error().message.find("urn:oio:sts:1.0.0") != std::string::npos);
    auto message = sample_push();
    message.besked_id = "not-a-uuid";
    auto no_id = bfo::read_modtag_besked_input(bfo::build_modtag_besked_input(message));
    REQUIRE_FALSE(no_id.ok());
    CHECK(no_id.error().message.find("BeskedId") != std::string::npos);
  }

  TEST_CASE("ModtagBeskedOutput carries StatusKode and FejlbeskedTekst in StandardRetur") {
    std::string parse_error;
    auto retur = soap::find_standard_retur(bfo::build_modtag_besked_output(41, "Couldn't parse message"), &parse_error);
    REQUIRE(retur.has_value());
    CHECK(retur->status_code == "41");
    CHECK(retur->error_message == "Couldn't parse message");
  }
}
