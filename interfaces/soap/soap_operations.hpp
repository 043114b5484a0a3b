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
#include <string>

#include "criteria/model/probe_modes.hpp"
#include "util/result.hpp"

namespace klarmeld::soap {

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
