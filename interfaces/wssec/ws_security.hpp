// WS-Security 1.1 message signatures on SOAP envelopes (OASIS WSS SOAP Message Security 1.1 §8,
// X.509 Token Profile, SAML Token Profile 1.1), in the profile KOMBIT uses (kombit-notes
// "Tokens", "Calling services"): exc-c14n, RSA-SHA256, SHA-256, references by wsu:Id.
//
// Anti signature-wrapping: verification reports WHICH NODES were signed (pointer identity). The
// envelope's real Body, Timestamp and token are located structurally (Envelope/Body, Security/…) and
// must be those exact nodes — an element with the right name elsewhere, or a signed copy moved into a
// wrapper, does not count. IDs must be unique (crypto::xml::register_ids).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <libxml/tree.h>

#include "crypto/identity.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::wssec {

// How ds:KeyInfo names the signing key.
enum class KeyReference {
  BinarySecurityToken, // wsse:SecurityTokenReference/wsse:Reference URI="#<bst_id>" (X509v3) — STS RST
  SamlKeyIdentifier,   // wsse:SecurityTokenReference/wsse:KeyIdentifier ValueType=SAMLID — OIOIDWS
};

struct SignOptions {
  std::vector<std::string> references; // wsu:Id values of the elements to sign, in this order
  KeyReference key_info = KeyReference::BinarySecurityToken;
  std::string bst_id;       // BinarySecurityToken: the wsu:Id of the wsse:BinarySecurityToken
  std::string assertion_id; // SamlKeyIdentifier: the saml:Assertion ID
  // OIOIDWS: the wsu:Id of a wsse:SecurityTokenReference (KeyIdentifier = assertion ID) in the
  // Security header, signed through the STR-Transform so the digest covers the assertion; or empty.
  std::string str_transform_reference;
};

// Appends ds:Signature to the envelope's wsse:Security header and signs with identity's key.
Status sign_soap_envelope(xmlDoc* doc, const crypto::Identity& identity, const SignOptions& options);

struct VerifyPolicy {
  TimePoint now = Clock::now();
  std::chrono::seconds clock_skew{300};
  bool require_timestamp = true;   // WSS §10: a signed wsu:Timestamp in Security, fresh
  bool require_signed_body = true; // the Envelope's Body itself is signed
  // Header elements (by WS-Addressing/Liberty local name: Action, MessageID, To, ReplyTo, Framework)
  // that must be present as direct children of Header and signed.
  std::vector<std::string> required_signed_headers;
  bool allow_binary_security_token = true;
  bool allow_saml_holder_of_key = true;
  bool require_signed_assertion = true; // with SAML HoK: the assertion is signed via STR-Transform
};

enum class SigningKeySource { BinarySecurityToken, SamlHolderOfKey };

struct VerifiedEnvelope {
  crypto::xml::VerifiedSignature signature;
  SigningKeySource key_source = SigningKeySource::BinarySecurityToken;
  crypto::X509Ptr certificate; // the certificate whose key verified the message
  xmlNode* envelope = nullptr;
  xmlNode* header = nullptr;
  xmlNode* body = nullptr;
  xmlNode* security = nullptr;
  xmlNode* timestamp = nullptr;    // nullptr when absent (and not required)
  xmlNode* assertion = nullptr;    // SAML HoK: the assertion whose key signed the message
  xmlNode* binary_token = nullptr; // BST: the token whose certificate signed the message
  TimePoint created{};
  TimePoint expires{};

  bool signs(const xmlNode* node) const { return signature.covers(node); }
  // A direct child of Header by namespace + local name (nullptr if absent or repeated).
  xmlNode* header_element(const char* ns, const char* local_name) const;
};

// Error codes (all Input): wssec.malformed, wssec.no-security, wssec.no-signature, wssec.key,
// wssec.signature-invalid, wssec.digest-mismatch, wssec.body-not-signed, wssec.header-not-signed,
// wssec.assertion-not-signed, wssec.timestamp-missing, wssec.timestamp-not-signed,
// wssec.timestamp-expired, wssec.timestamp-future.
Result<VerifiedEnvelope> verify_soap_envelope(xmlDoc* doc, const VerifyPolicy& policy);

// Structural lookups shared by builders, verifiers and probes (SOAP 1.2 or 1.1).
xmlNode* soap_header(xmlDoc* doc);
xmlNode* soap_body(xmlDoc* doc);
xmlNode* security_header(xmlDoc* doc);

} // namespace klarmeld::wssec
