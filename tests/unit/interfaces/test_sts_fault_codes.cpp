// KOMBIT's STS fault codes (kombit/tokenservice_oioidws-net, Misc/Specifications/
// "Snitfladebeskrivelse-STS-OIO WS Trust.pdf" §3.7): read from a fault, explained in Danish and English,
// unknown codes reported verbatim (issue #15, defect 8).
#include <doctest/doctest.h>

#include <string>

#include "crypto/xml/safe_parse.hpp"
#include "interfaces/soap/soap_fault.hpp"
#include "interfaces/sts/sts_fault_codes.hpp"

using namespace klarmeld;

namespace {

soap::SoapFault parsed_fault(const std::string& subcode, const std::string& reason) {
  auto doc = crypto::xml::parse_untrusted_xml(soap::build_soap12_fault("Sender", subcode, reason), "fault");
  REQUIRE(doc.ok());
  auto fault = soap::find_soap_fault(doc->get());
  REQUIRE(fault.ok());
  REQUIRE(fault->has_value());
  return **fault;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE("interfaces::sts fault codes") {
  TEST_CASE("the table holds exactly the codes of the interface description") {
    std::string codes;
    for (const auto& entry : sts::sts_fault_codes()) {
      codes += std::to_string(entry.code) + " ";
      CHECK(!entry.danish.empty());
      CHECK(!entry.english.empty());
    }
    CHECK(codes == "100 101 103 104 106 110 111 130 ");
    CHECK(sts::find_sts_fault_code(102) == nullptr);
  }

  TEST_CASE("every code, as the simulator writes it, is explained with its Danish and English meaning") {
    for (const auto& entry : sts::sts_fault_codes()) {
      CAPTURE(entry.code);
      auto fault = parsed_fault("", sts::sts_fault_reason(entry.code, "detail from the STS"));
      CHECK(sts::sts_fault_number(fault) == entry.code);
      const std::string explained = sts::explain_sts_fault(fault);
      const std::string danish(entry.danish.substr(0, entry.danish.find('.')));
      const std::string english(entry.english.substr(0, entry.english.find(':')));
      CHECK(contains(explained,
                     "STS fault code " + std::to_string(entry.code) + " (" + danish + " / " + english + "): "));
      CHECK(contains(explained, "detail from the STS"));
    }
  }

  TEST_CASE("101 names the unknown configuration precisely") {
    auto explained = sts::explain_sts_fault(parsed_fault("", "101"));
    CHECK(contains(explained, "STS fault code 101 (Den anvendte konfiguration kendes ikke / The configuration used "
                              "is not known): "));
  }

  TEST_CASE("a code outside KOMBIT's table is reported verbatim") {
    auto explained = sts::explain_sts_fault(parsed_fault("", "142: Noget helt andet gik galt"));
    CHECK(contains(explained, "STS fault code 142 (not in KOMBIT's table of STS fault codes)"));
    CHECK(contains(explained, "142: Noget helt andet gik galt"));
  }

  TEST_CASE("a numeric subcode counts as the code; a fault without a code keeps its own words") {
    CHECK(sts::sts_fault_number(parsed_fault("a:104", "endpoint findes ikke")) == 104);
    auto plain = parsed_fault("wst:InvalidRequest", "bad request");
    CHECK(!sts::sts_fault_number(plain).has_value());
    CHECK(sts::explain_sts_fault(plain) == plain.describe());
    CHECK(!sts::sts_fault_number(parsed_fault("", "1010101 is not a code")).has_value());
    CHECK(!sts::sts_fault_number(parsed_fault("", "101abc")).has_value());
  }
}
