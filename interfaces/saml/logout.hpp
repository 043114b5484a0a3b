// SAML 2.0 Single Logout messages (SAML core §3.7; SF1515): a signed LogoutRequest from klarmeld's
// probe (acting as the Context Handler) and the signed LogoutResponse the vendor's SP must answer —
// builders (also used by the fixture's SP), a reader that verifies the enveloped signature, and the
// HTTP-POST binding (SAML bindings §3.5: base64 in a SAMLRequest/SAMLResponse form field).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/identity.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::saml {

inline constexpr const char* status_success = "urn:oasis:names:tc:SAML:2.0:status:Success";
inline constexpr const char* status_requester = "urn:oasis:names:tc:SAML:2.0:status:Requester";
inline constexpr const char* status_responder = "urn:oasis:names:tc:SAML:2.0:status:Responder";
// Second-level code (core §3.2.2.2): what an SP answers for a logout it will not do, e.g. for a NameID
// it has no session for (mod_auth_mellon through Lasso).
inline constexpr const char* status_request_denied = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";
inline constexpr const char* name_id_persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

struct LogoutRequestSpec {
  std::string id; // generated when empty
  std::string issuer;
  std::string destination; // the SP's SLO endpoint
  std::string name_id;
  std::string name_id_format = name_id_persistent;
  std::string session_index; // optional
  TimePoint issue_instant = Clock::now();
};

struct LogoutResponseSpec {
  std::string id; // generated when empty
  std::string in_response_to;
  std::string issuer;
  std::string destination; // where the response goes (the requester's SLO response endpoint)
  std::string status_code = status_success;
  std::string status_detail;  // optional second-level StatusCode
  std::string status_message; // optional StatusMessage
  TimePoint issue_instant = Clock::now();
};

// The LogoutRequest without a signature: the HTTP-Redirect binding signs the query string instead and
// must not carry an XML signature (bindings §3.4.4.1).
std::string build_logout_request(const LogoutRequestSpec& spec);
Result<std::string> build_signed_logout_request(const LogoutRequestSpec& spec, const crypto::Identity& signer);
Result<std::string> build_signed_logout_response(const LogoutResponseSpec& spec, const crypto::Identity& signer);

struct LogoutMessage {
  bool is_request = false;
  std::string id;
  std::string issuer;
  std::string destination;
  std::string in_response_to; // responses
  std::string status_code;    // responses: top-level StatusCode Value
  std::string status_detail;  // responses: the nested (second-level) StatusCode Value, if any
  std::string status_message; // responses: StatusMessage text, if any
  std::string name_id;        // requests
  std::string session_index;  // requests
  TimePoint issue_instant{};
  bool signer_trusted = false; // verified with a trusted certificate (false: only the embedded one)
  crypto::X509Ptr signer;      // the certificate that verified the signature
};

struct LogoutVerifyPolicy {
  const std::vector<crypto::X509Ptr>* trusted_signers = nullptr; // e.g. the SP metadata's signing certs
  bool allow_embedded_key = true; // without trusted certs: verify with the KeyInfo certificate
  // The binding carried the signature and the caller verified it (HTTP-Redirect, bindings §3.4.4.1,
  // where the XML signature is removed): no XML signature is looked for; signer stays empty.
  bool signed_by_binding = false;
};

// Parses (safely) and verifies a LogoutRequest or LogoutResponse. Errors as verify_enveloped_signature
// plus saml.malformed. With policy.signed_by_binding only parses.
Result<LogoutMessage> read_logout_message(std::string_view xml, const LogoutVerifyPolicy& policy);

// HTTP-POST binding helpers: the form body to send, and the SAMLResponse/SAMLRequest value read back
// from an HTML auto-submit form (or a form-encoded body).
std::string post_binding_form_body(const std::string& field, const std::string& xml, const std::string& relay_state);
Result<std::string> saml_message_from_post_binding(std::string_view body, const std::string& field);

} // namespace klarmeld::saml
