// OIOIDWS / Liberty Basic SOAP Binding request envelopes (kombit-notes "Calling services"): SOAP 1.2 or 1.1
// as the service's binding says (wssec/soap_version.hpp), with sbf:Framework where the service takes it,
// wsa:Action/To/MessageID/ReplyTo, RequestHeader/TransactionUUID and a wsse:Security header holding Timestamp, the
// STS-issued assertion verbatim, a SecurityTokenReference to it and the holder-of-key signature (Body, Action,
// MessageID, ReplyTo, To, Timestamp, Framework, and the assertion through the STR-Transform; KeyInfo = STR
// KeyIdentifier SAMLID).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "crypto/identity.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "interfaces/wssec/soap_version.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "interfaces/wssec/ws_trust.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::wssec {

struct OioidwsRequest {
  std::string endpoint_url;  // wsa:To
  std::string action;        // wsa:Action (e.g. http://kombit.dk/sts/organisation/virksomhed/soeg)
  std::string body_xml;      // the operation element, with its own namespace declarations
  std::string assertion_xml; // the saml:Assertion as issued (standalone serialisation)
  TimePoint now = Clock::now();
  std::chrono::seconds lifetime{300};
  std::string message_id;                         // urn:uuid:…; generated when empty (fix it to test replay)
  std::string transaction_uuid;                   // RequestHeader/TransactionUUID; generated when empty
  SoapVersion soap_version = SoapVersion::Soap12; // the service's binding (soap::OperationCall)
  bool include_framework = true;                  // the Liberty sbf:Framework header, per service
  bool include_request_header = true;
  bool include_timestamp = true; // false only to test that a WSP refuses it
};

struct OioidwsEnvelope {
  crypto::xml::XmlDocPtr doc;
  std::string message_id;
  std::string assertion_id;
  SignOptions sign_options;
};

// Unsigned, so negative tests can tamper before or after signing.
Result<OioidwsEnvelope> build_oioidws_envelope(const OioidwsRequest& request);
Status sign_oioidws_envelope(OioidwsEnvelope& envelope, const crypto::Identity& holder);
Result<SignedMessage> build_signed_oioidws_request(const OioidwsRequest& request, const crypto::Identity& holder);

// For a WSP's VerifyPolicy::required_signed_headers.
std::vector<std::string> oioidws_required_signed_headers(); // Action, MessageID, To

} // namespace klarmeld::wssec
