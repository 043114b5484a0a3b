// SAML 2.0 Web Browser SSO (SAML profiles §4.1) between the Context Handler (IdP) and a "brugervendt
// system" (SP), SF1511: the SP's AuthnRequest (core §3.4.1, sent by HTTP-Redirect, bindings §3.4) and
// the IdP's Response carrying a signed bearer assertion (core §3.3.3, §2.3.3), sent by HTTP-POST
// (bindings §3.5) to the SP's AssertionConsumerService. Builders for both sides (klarmeld answers as
// the IdP, the fixture's SP asks) and readers that verify.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/handles.hpp"
#include "crypto/identity.hpp"
#include "crypto/xml/xml_encryption.hpp"
#include "interfaces/saml/assertion.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::saml {

inline constexpr const char* subject_confirmation_bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

struct AuthnRequestSpec {
  std::string id;          // generated when empty
  std::string issuer;      // the SP's entityID
  std::string destination; // the IdP's SingleSignOnService
  std::string acs_url;     // AssertionConsumerServiceURL
  TimePoint issue_instant = Clock::now();
};

// Unsigned: the HTTP-Redirect binding signs the query string instead (bindings §3.4.4.1).
std::string build_authn_request(const AuthnRequestSpec& spec);

struct AuthnRequestInfo {
  std::string id;
  std::string issuer;
  std::string destination;
  std::string acs_url;
  std::string protocol_binding;
  TimePoint issue_instant{};
};

// Untrusted XML, parsed safely; saml.malformed when the root is not samlp:AuthnRequest.
Result<AuthnRequestInfo> read_authn_request(std::string_view xml);

// How a Response departs from a correct one after it is built (issue #16's forged logins; the other
// forgeries are wrong values in SsoResponseSpec itself).
enum class SsoForgery {
  None,
  Unsigned,             // the assertion carries no signature (profiles §4.1.3.5 requires one)
  TamperedAfterSigning, // the NameID changed after signing: the digest no longer matches
  SignatureWrapping,    // an unsigned assertion for another user first; the signed one moved into Extensions
  Sha1,                 // signed with RSA-SHA1 and SHA-1 digests (deprecated: KOMBIT and OIOSAML 3 require SHA-256)
};

struct SsoResponseSpec {
  std::string response_id;  // generated when empty
  std::string assertion_id; // generated when empty
  std::string issuer;       // the IdP's entityID (Response and Assertion)
  std::string destination;  // the ACS URL (Response Destination, SubjectConfirmationData Recipient)
  std::string in_response_to;
  std::string audience; // the SP's entityID
  std::string name_id;
  std::string session_index;
  TimePoint issue_instant = Clock::now();
  TimePoint not_before{};      // issue_instant - 1 min when left at epoch
  TimePoint not_on_or_after{}; // issue_instant + 5 min when left at epoch
  std::vector<AssertionAttribute> attributes;
  SsoForgery forgery = SsoForgery::None;
  // Set: the assertion (forged or not, after signing, as KOMBIT's Context Handler does) travels as a
  // saml:EncryptedAssertion (core §2.3.4, §6.2) encrypted to this certificate with `data_encryption`
  // and RSA-OAEP key transport.
  X509* encrypt_to = nullptr;
  crypto::xml::DataEncryption data_encryption = crypto::xml::DataEncryption::Aes256Gcm;
};

// What klarmeld encrypts with for an SP whose metadata offers `methods` (md:EncryptionMethod
// Algorithms, saml-metadata-2.0-os §2.4.1.1): the first data algorithm offered that klarmeld has, else
// AES-256-GCM (xmlenc-core1 §5.2.4; OIOSAML 3 names GCM). Key transport is always RSA-OAEP.
crypto::xml::DataEncryption choose_data_encryption(const std::vector<std::string>& methods);

// The Response with its assertion signed (enveloped, RSA-SHA256, exc-c14n, KeyInfo X509Data).
Result<std::string> build_sso_response(const SsoResponseSpec& spec, const crypto::Identity& signer);

struct SsoLogin {
  std::string response_id;
  std::string destination;
  std::string in_response_to;
  std::string status_code;
  std::string assertion_id;
  std::string issuer; // the assertion's
  std::string name_id;
  std::string session_index;
  std::string audience;
  std::string recipient;
  std::string confirmation_in_response_to;
  TimePoint not_before{};
  TimePoint not_on_or_after{};
  bool encrypted = false; // the assertion arrived as an EncryptedAssertion
};

// Parses the Response and verifies the assertion's enveloped signature with one of `trusted_idp`
// (saml.signature-* / saml.untrusted-signer errors of verify_enveloped_signature); the caller checks
// the fields against what it expects (profiles §4.1.4.3).
// `check_signature` false reads the (first) assertion without verifying it: only for the simulator's
// faulty SPs (fixtures/, scenario fault sso_no_signature_check).
// An EncryptedAssertion is decrypted with `decryption_key` first (saml.encrypted when there is none,
// xmlenc.* errors of decrypt_element when it does not open).
Result<SsoLogin> read_sso_response(std::string_view xml, const std::vector<crypto::X509Ptr>& trusted_idp,
                                   bool check_signature = true, EVP_PKEY* decryption_key = nullptr);

} // namespace klarmeld::saml
