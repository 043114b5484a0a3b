// SOAP 1.2 (Part 1 §5.4) and 1.1 faults: read them precisely (code, subcode, reason) and build them
// (the fixture's services answer with a subcode and reason text, as KOMBIT's do).
#pragma once

#include <optional>
#include <string>

#include <libxml/tree.h>

#include "util/result.hpp"

namespace klarmeld::soap {

struct SoapFault {
  std::string code;    // env:Sender / env:Receiver (1.2) or faultcode (1.1), as written
  std::string subcode; // first Subcode/Value, if any
  std::string reason;  // Reason/Text (1.2) or faultstring (1.1)

  std::string describe() const; // "Sender/ServiceAgreementNotFound: reason text"
};

// nullopt when the document is an envelope without a fault; an error when it is no SOAP envelope.
Result<std::optional<SoapFault>> find_soap_fault(xmlDoc* doc);

// A SOAP 1.2 fault envelope; code is "Sender" or "Receiver" (prefixed with the envelope namespace).
std::string build_soap12_fault(const std::string& code, const std::string& subcode, const std::string& reason);

// A SOAP 1.1 fault envelope (SOAP 1.1 §4.4): faultcode "Client" or "Server" (prefixed with the
// envelope namespace) and faultstring, for the services whose binding is SOAP 1.1.
std::string build_soap11_fault(const std::string& code, const std::string& reason);

} // namespace klarmeld::soap
