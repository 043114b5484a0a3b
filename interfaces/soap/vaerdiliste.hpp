// The Beskedfordeler's value-list service (VærdilisteRediger; the old SF1460_B, now part of SF1461):
// SOAP 1.1, document/literal, port `stsbeskedfordeler` at /sts-bf-soap/StsbeskedfordelerImpl.
// Names from kombit/bfo_infrastructureSamples-java: bf-client-example-app/src/main/resources/
// beskedfordeler/wsdl/Beskedfordeler.wsdl (binding, SOAPAction of listvaerdiliste), .../xsd/
// VaerdilisteOperationer.xsd and VaerdiListe.xsd (ListInput = sagdok ListInputType, ListOutput =
// StandardRetur + LaesResultat*, Registrering/AttributListe/Egenskab/Vaerdiliste{Navn, Vaerdi*}),
// .../soap/VaerdilisteServiceClient.java (the endpoint path). Protocol code only: built and read here,
// judged by the bfo.vaerdiliste probe, answered by the simulated Beskedfordeler (fixtures/).
// docs/kombit-notes.md "Beskedfordeler".
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::bfo {

inline constexpr const char* vaerdiliste_namespace = "urn:oio:sts:beskedfordeler:vaerdiliste:1.0.0";
inline constexpr const char* vaerdiliste_path = "/sts-bf-soap/StsbeskedfordelerImpl";
inline constexpr const char* vaerdiliste_list_action = "http://kombit.dk/sts/beskedfordeler/vaerdiliste/list";

// One value list as `list` answers it (its newest registration's first Egenskab).
struct ValueList {
  std::string uuid; // sd:UUIDIdentifikator of the list (the subscription's reference to it)
  std::string navn;
  std::vector<std::string> values;
};

// The SOAP 1.1 envelope of a ListInput asking for `uuids`.
std::string build_list_request(const std::vector<std::string>& uuids);
// The UUIDs a ListInput envelope asks for; input error "bfo.vaerdiliste-input" when it is none.
Result<std::vector<std::string>> read_list_request(const std::string& soap_xml);

struct ListAnswer {
  std::string status_code; // StandardRetur/StatusKode
  std::string error_text;  // StandardRetur/FejlbeskedTekst
  std::vector<ValueList> lists;
};
// A ListOutput envelope answering `lists` with StandardRetur `status_code`.
std::string build_list_answer(int status_code, const std::string& error_text, const std::vector<ValueList>& lists);
// Reads a ListOutput envelope (not a fault: see soap::find_soap_fault); input error
// "bfo.vaerdiliste-output" when the body holds no ListOutput with a StandardRetur.
Result<ListAnswer> read_list_answer(const std::string& soap_xml);

} // namespace klarmeld::bfo
