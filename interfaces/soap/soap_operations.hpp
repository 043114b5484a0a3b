// The SOAP operations soap.call knows (docs/kombit-notes.md "Calling services"; names in
// interfaces/kombit_names.hpp): SOAP action, request body and which
// endpoint to call. Bodies follow the sagdok conventions (urn:oio:sagdok:3.0.0: FoersteResultatReference,
// MaksimalAntalKvantitet, UUIDIdentifikator; StandardRetur/StatusKode in the answer).
//
// Endpoint choice: the profile gives one URL per interface. For SF1500 objects the URL's object
// segment is swapped (…/organisation/virksomhed/6/ → …/organisation/bruger/6/) unless the interface
// options name the object's own URL (`<objekt>_url`, e.g. bruger_url). Inputs an operation needs come
// from the interface options: bruger_uuid, organisationenhed_uuid; sagdokumentindeks/validering uses
// options.validation_url (default: KOMBIT's public validation endpoint, §4 SF1470).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "criteria/model/probe_modes.hpp"
#include "interfaces/wssec/soap_version.hpp"
#include "util/result.hpp"

namespace klarmeld::soap {

// One operation's binding as KOMBIT's WSDL gives it (each row cites its source in soap_operations.cpp):
// the action, the request body's root element, the SOAP version and whether the Liberty Framework
// header goes along. Data, so the simulator (fixtures/) and the environment files read the same table.
struct OperationBinding {
  criteria::SoapOperation operation;
  const char* action;         // wsa:Action, and SOAPAction (1.1) or the Content-Type action (1.2)
  const char* body_namespace; // the Body's child element …
  const char* body_element;   // … and its local name
  wssec::SoapVersion soap_version;
  bool liberty_framework; // sbf:Framework header (OIOIDWS SOAP 1.1 binding of SF1470)
};

std::span<const OperationBinding> operation_bindings();
const OperationBinding& binding_of(criteria::SoapOperation operation);
// The first operation with this action (SF1470's validation shares the import's), or nullptr.
const OperationBinding* binding_for_action(std::string_view action);

struct OperationInputs {
  std::string endpoint_url;                   // the interface's URL from the profile
  std::map<std::string, std::string> options; // the interface's options
  std::string municipality_cvr;
  std::string municipality_name;
  std::string vendor_system_name;
};

struct OperationCall {
  std::string action;          // wsa:Action and the Content-Type action parameter
  std::string url;             // where to POST
  std::string body_xml;        // the Body's child element
  bool token_optional = false; // the SF1470 validation endpoint accepts calls without a token
  wssec::SoapVersion soap_version = wssec::SoapVersion::Soap12; // from the operation's binding
  bool liberty_framework = false;                               // from the operation's binding
};

inline constexpr const char* sf1470_validation_url =
    "https://virtualize01.serviceplatformen.dk/testservice/SF1470-Validation/V61";

// Input error (code soap.input) naming the missing option.
Result<OperationCall> build_operation(criteria::SoapOperation operation, const OperationInputs& inputs);

// The StandardRetur of an answer Body (any namespace: the services put it in their own).
struct StandardRetur {
  std::string status_code;   // StatusKode
  std::string error_message; // FejlbeskedTekst
};
std::optional<StandardRetur> find_standard_retur(const std::string& response_xml, std::string* parse_error);

} // namespace klarmeld::soap
