// SAML 2.0 assertions as KOMBIT's STS issues them (kombit-notes "Tokens"): holder-of-key to the
// caller's certificate, Audience = service entityID, 8-hour validity, DK-SAML attributes, enveloped
// signature (exc-c14n, RSA-SHA256) with the STS certificate in KeyInfo. Used by the fixture STS to
// issue and by klarmeld (and the fixture's services) to validate.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <libxml/tree.h>

#include "crypto/identity.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::saml {

// DK-SAML 2.0 / KOMBIT attribute names (basic NameFormat).
inline constexpr const char* attr_cvr = wssec::ns::cvr_claim; // the same URI names the WS-Trust claim
inline constexpr const char* attr_assurance_level = "dk:gov:saml:attribute:AssuranceLevel";
inline constexpr const char* attr_spec_ver = "dk:gov:saml:attribute:SpecVer";
inline constexpr const char* attr_kombit_spec_ver = "dk:gov:saml:attribute:KombitSpecVer";
inline constexpr const char* attr_privileges = "dk:gov:saml:attribute:Privileges_intermediate";
inline constexpr const char* name_format_basic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
inline constexpr const char* name_id_x509_subject = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";
inline constexpr const char* authn_context_x509 = "urn:oasis:names:tc:SAML:2.0:ac:classes:X509";
inline constexpr const char* oio_bpp_namespace = "http://itst.dk/oiosaml/basic_privilege_profile";

struct AssertionAttribute {
  std::string name;
  std::vector<std::string> values;
};

struct AssertionSpec {
  std::string id;     // xs:ID; generated ("_" + 32 hex) when empty
  std::string issuer; // the STS entity (e.g. https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime)
  X509* holder_certificate = nullptr; // the caller's certificate (holder-of-key); required
  std::string subject_name_id;        // NameID (X509SubjectName); the holder's subject when empty
  std::string audience;               // service entityID (also SubjectConfirmationData Recipient)
  TimePoint issue_instant = Clock::now();
  TimePoint not_before{};      // issue_instant when left at epoch
  TimePoint not_on_or_after{}; // not_before + 8 h when left at epoch (§2.2)
  std::string cvr;             // CvrNumberIdentifier (the authority's CVR)
  std::string assurance_level = "3";
  std::string spec_ver = "DK-SAML-2.0";
  std::string kombit_spec_ver = "1.0";
  std::vector<std::string> privileges; // Privilege URIs in the OIO-BPP PrivilegeGroup for the CVR
  std::vector<AssertionAttribute> extra_attributes;
};

// OIO Basic Privilege Profile list for one CVR scope, as Privileges_intermediate carries it (before base64).
std::string oio_bpp_privilege_list(const std::string& cvr, const std::vector<std::string>& privileges);

// The unsigned assertion (its own document, assertion = root element).
Result<crypto::xml::XmlDocPtr> build_assertion(const AssertionSpec& spec);
// Enveloped signature placed after saml:Issuer (SAML core §5.4.1/§2.3.3 ordering), KeyInfo X509Data.
Status sign_assertion(xmlNode* assertion, const crypto::Identity& signer);
// build + sign + standalone serialisation.
Result<std::string> issue_assertion(const AssertionSpec& spec, const crypto::Identity& signer);

} // namespace klarmeld::saml
