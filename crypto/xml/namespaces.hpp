// Namespace and algorithm URIs of XML-DSig, WS-Security and SAML 2.0 (one place, spelled once).
#pragma once

namespace klarmeld::crypto::xml::ns {

// XML-DSig (W3C xmldsig-core), exclusive C14N (W3C xml-exc-c14n), SHA-256 (xmlenc / xmldsig-more).
inline constexpr const char* ds = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr const char* exc_c14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr const char* rsa_sha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr const char* sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
inline constexpr const char* enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

// XML Encryption (W3C xmlenc-core1): its namespace and the one key transport klarmeld uses (§5.5.2).
inline constexpr const char* xenc = "http://www.w3.org/2001/04/xmlenc#";
inline constexpr const char* rsa_oaep_mgf1p = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";

// OASIS WS-Security 1.0/1.1 (SOAP Message Security, X.509 and SAML token profiles).
inline constexpr const char* wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
inline constexpr const char* wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
inline constexpr const char* wsse11 = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd";
inline constexpr const char* x509v3 =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
inline constexpr const char* base64_binary =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
inline constexpr const char* str_transform =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform";
inline constexpr const char* saml_id_value_type =
    "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID";
inline constexpr const char* saml2_token_type =
    "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0";

// SAML 2.0 core.
inline constexpr const char* saml = "urn:oasis:names:tc:SAML:2.0:assertion";
inline constexpr const char* samlp = "urn:oasis:names:tc:SAML:2.0:protocol";
inline constexpr const char* xsi = "http://www.w3.org/2001/XMLSchema-instance";

} // namespace klarmeld::crypto::xml::ns
