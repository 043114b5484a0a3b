// WS-Trust 1.3 Issue over SOAP 1.2 as KOMBIT's STS speaks it (kombit-notes "Tokens"):
// the signed RequestSecurityToken a system sends, and the RequestSecurityTokenResponseCollection the
// STS answers — builders for both sides (klarmeld's client and the fixture STS) and safe readers.
#pragma once

#include <chrono>
#include <string>

#include "crypto/identity.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::wssec {

struct SignedMessage {
  std::string xml;
  std::string message_id; // wsa:MessageID (urn:uuid:…)
};

struct RstSpec {
  std::string sts_url;   // wsa:To
  std::string entity_id; // wsp:AppliesTo/wsa:EndpointReference/wsa:Address: the SERVICE entityID
  std::string cvr;       // Claims: dk:gov:saml:attribute:CvrNumberIdentifier (the authority)
  TimePoint now = Clock::now();
  std::chrono::seconds lifetime{300}; // Timestamp Created → Expires (§2.1: 5–10 min)
  std::string message_id;             // generated (urn:uuid:) when empty
};

// The unsigned RST (for tests that tamper); build_signed_rst is what clients send. The caller
// certificate goes into both the header BinarySecurityToken and UseKey.
Result<crypto::xml::XmlDocPtr> build_rst(const RstSpec& spec, X509* caller_certificate, std::string* message_id);
// Signs Action, MessageID, To, ReplyTo, Timestamp, Body and the BST (§2.1), KeyInfo → "#bst".
Result<SignedMessage> build_signed_rst(const RstSpec& spec, const crypto::Identity& caller);
SignOptions rst_sign_options();
std::vector<std::string> rst_required_signed_headers(); // Action, MessageID, To

// What an RST asks for (read by the fixture STS after verify_soap_envelope).
struct RstContents {
  std::string message_id;
  std::string entity_id;
  std::string cvr;
  std::string token_type;
  std::string request_type;
  std::string key_type;
  crypto::X509Ptr use_key; // UseKey/BinarySecurityToken certificate (nullptr if absent)
};
Result<RstContents> read_rst(const VerifiedEnvelope& envelope);

struct RstrSpec {
  std::string assertion_xml; // the signed saml:Assertion (standalone serialisation)
  std::string assertion_id;
  std::string entity_id;  // AppliesTo
  std::string relates_to; // the RST's MessageID
  TimePoint created{};    // Lifetime (= the assertion's validity)
  TimePoint expires{};
  TimePoint now = Clock::now();
};
// The STS answer (§2.2): Action RSTRC/IssueFinal, RelatesTo, Timestamp, signed by the STS
// (Body, Action, RelatesTo, Timestamp; KeyInfo → BST with the STS certificate).
Result<SignedMessage> build_signed_rstr(const RstrSpec& spec, const crypto::Identity& sts);

struct RstrContents {
  xmlNode* assertion = nullptr; // RequestedSecurityToken/saml:Assertion (a node of the given doc)
  std::string token_type;
  std::string applies_to;
  TimePoint created{};
  TimePoint expires{};
  bool has_lifetime = false;
};
// Reads the RSTR structurally from Envelope/Body; a SOAP fault becomes error "sts.fault" with the
// fault code and reason; anything else unexpected "sts.malformed".
Result<RstrContents> read_rstr(xmlDoc* doc);

} // namespace klarmeld::wssec
