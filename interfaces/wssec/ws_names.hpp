// SOAP, WS-Addressing, WS-Trust 1.3, WS-Policy, Liberty and KOMBIT header URIs (docs/kombit-notes.md
// "Tokens", "Calling services"), spelled once. KOMBIT's own names: interfaces/kombit_names.hpp.
#pragma once

namespace klarmeld::wssec::ns {

inline constexpr const char* soap12 = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr const char* soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char* wsa = "http://www.w3.org/2005/08/addressing";
inline constexpr const char* wsa_anonymous = "http://www.w3.org/2005/08/addressing/anonymous";
inline constexpr const char* wsp = "http://schemas.xmlsoap.org/ws/2004/09/policy";

// WS-Trust 1.3.
inline constexpr const char* wst = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
inline constexpr const char* wst_issue_action = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue";
inline constexpr const char* wst_issue_final_action =
    "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal";
inline constexpr const char* wst_issue = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue";
inline constexpr const char* wst_public_key = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey";
inline constexpr const char* auth = "http://docs.oasis-open.org/wsfed/authorization/200706";
inline constexpr const char* auth_claims_dialect = "http://docs.oasis-open.org/wsfed/authorization/200706/authclaims";
inline constexpr const char* cvr_claim = "dk:gov:saml:attribute:CvrNumberIdentifier";

// Liberty ID-WSF Basic SOAP Binding framework header (OIOIDWS) and KOMBIT's RequestHeader.
inline constexpr const char* sbf = "urn:liberty:sb:2006-08";
// The Framework element's `profile` attribute is namespace-qualified in this namespace (Liberty ID-WSF
// SOAP Binding 2.0; as kombit/tokenservice_oioidws-net
// Source/Digst.OioIdws.SoapCore/MessageInspectors/LibertyFrameworkHeader.cs and
// itk-dev/serviceplatformen src/Service/SF1500/SF1500XMLBuilder.php write it).
inline constexpr const char* liberty_profile_ns = "urn:liberty:sb:profile";
inline constexpr const char* liberty_basic_profile = "urn:liberty:sb:profile:basic";
inline constexpr const char* kombit_request_header = "http://kombit.dk/xml/schemas/RequestHeader/1/";

inline constexpr const char* soap12_content_type = "application/soap+xml; charset=utf-8";
inline constexpr const char* soap11_content_type = "text/xml; charset=utf-8";

} // namespace klarmeld::wssec::ns
