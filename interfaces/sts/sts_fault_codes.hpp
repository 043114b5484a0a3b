// KOMBIT's STS fault codes (kombit/tokenservice_oioidws-net, Misc/Specifications/
// "Snitfladebeskrivelse-STS-OIO WS Trust.pdf" §3.7 "Fejlbeskeder"; the same table is in
// "Snitfladebeskrivelse-STS-OnBehalfOf Proxy.pdf" §3.8): one table, Danish verbatim from the
// specification and English, shared by the STS client (to explain a fault) and the simulator (to
// answer with one).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "interfaces/soap/soap_fault.hpp"

namespace klarmeld::sts {

struct StsFaultCode {
  int code;
  std::string_view danish;  // the specification's text, verbatim
  std::string_view english; // our translation
  bool receiver;            // a fault on KOMBIT's side (SOAP 1.2 env:Receiver), not the caller's
};

std::span<const StsFaultCode> sts_fault_codes();
const StsFaultCode* find_sts_fault_code(int code);

// The numeric code a fault carries. The specification does not say where the code goes and no public
// capture of a KOMBIT STS fault exists, so the leading number of the Reason text is read (the
// simulator writes it there, docs/fixtures.md), and a numeric Subcode local name is accepted as well.
std::optional<int> sts_fault_number(const soap::SoapFault& fault);

// A fault as the STS client reports it: a known code with the short Danish and English meaning
// ("101 (Den anvendte konfiguration kendes ikke / The configuration used is not known)") and the STS's
// own text; an unknown code verbatim, marked as not in KOMBIT's table; a fault without a code as
// SoapFault::describe().
std::string explain_sts_fault(const soap::SoapFault& fault);

// The Reason text the simulator answers with: "<code>: <Danish meaning's first sentence>. <detail>".
std::string sts_fault_reason(int code, const std::string& detail);

} // namespace klarmeld::sts
