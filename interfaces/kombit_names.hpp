// KOMBIT's own names that the client sends and the simulated environment (fixtures/) answers to:
// the external test STS's issuer, service entityIDs and the support systems' SOAP actions. Spelled
// once, here; docs/kombit-notes.md "Names" says which are confirmed [C] and which inferred [I].
// Standard namespaces live with their protocol: interfaces/wssec/ws_names.hpp, crypto/xml/namespaces.hpp.
#pragma once

namespace klarmeld::kombit {

// Assertions from the external test STS carry the n2 issuer [C].
inline constexpr const char* sts_issuer = "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime";

// Service entityIDs (wst:AppliesTo, the assertion's Audience).
inline constexpr const char* organisation_entity_id = "http://stoettesystemerne.dk/service/organisation/3";
inline constexpr const char* klassifikation_entity_id = "http://entityid.kombit.dk/service/klassifikation/7";
inline constexpr const char* sagdokumentindeks_entity_id = "http://entityid.kombit.dk/service/sdi/sagdokumentindeks/6";
// SF1490: kombit/kosdy_infrastructureSamples-java at 3c835408 (removed there in 07dc28e9), cxf.xml
// security.sts.applies-to of the YdelseIndeks port.
inline constexpr const char* ydelsesindeks_entity_id = "http://entityid.kombit.dk/service/ydi/ydelseindeks/6";
inline constexpr const char* kombipostafsend_entity_id = "http://entityid.kombit.dk/service/kombipostafsend/1";
inline constexpr const char* postforespoerg_entity_id = "http://entityid.kombit.dk/service/postforespoerg/1";

// WSS X.509 Token Profile 1.1 §3.2: how KOMBIT's STS names its key in the RSTR signature's KeyInfo.
inline constexpr const char* x509_ski_value_type =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier";

// The sagdok conventions' namespace (FoersteResultatReference, UUIDIdentifikator, StandardRetur).
inline constexpr const char* sagdok_namespace = "urn:oio:sagdok:3.0.0";

// Støttesystemerne SOAP actions (wsa:Action and the Content-Type action parameter).
inline constexpr const char* action_virksomhed_soeg = "http://kombit.dk/sts/organisation/virksomhed/soeg";
inline constexpr const char* action_bruger_laes = "http://kombit.dk/sts/organisation/bruger/laes";
inline constexpr const char* action_organisationenhed_soeg = "http://kombit.dk/sts/organisation/organisationenhed/soeg";
inline constexpr const char* action_organisationenhed_laes = "http://kombit.dk/sts/organisation/organisationenhed/laes";
inline constexpr const char* action_klasse_soeg = "http://kombit.dk/sts/klassifikation/klasse/soeg";
// SF1470: kombit/kosdy_infrastructureSamples-java
// src/main/resources/wsdl/SagDokumentIndeks/wsdl/SagDokumentIndeksService_6.wsdl (binding sdi, SOAP 1.1).
inline constexpr const char* action_sagdokumentindeks_importer = "http://kombit.dk/sts/sagdokumentindeks/importer";
// SF1490, same source, src/main/resources/wsdl/YdelsesIndeks/wsdl/YdelseIndeks.wsdl (SOAP 1.2 binding).
inline constexpr const char* action_ydelsesindeks_importer = "http://kombit.dk/sts/ydelseindeks/importer";
// The WSDL's body namespace for ImporterYdelseIndeksInput (prefix yi there).
inline constexpr const char* ydelseindeks_namespace = "urn:oio:sts:ydelse:ydelseindeks:6";

// Request body namespaces, as the published schemas declare them (kombit/kosdy_infrastructureSamples-java
// src/main/resources/wsdl/: Virksomhed/VirksomhedOperationer.xsd, Virksomhed/GenerelleDefinitioner.xsd,
// Klasse/KlasseOperationer.xsd, SagDokumentIndeks/wsdl/xsd/6.0.STS-0/{SagDokumentIndeksOperationer,Sag,
// GenerelleDefinitioner,DokumentIndeks}.xsd). Bruger and OrganisationEnhed follow Virksomhed's pattern.
inline constexpr const char* virksomhed_namespace = "http://stoettesystemerne.dk/organisation/virksomhed/6/";
inline constexpr const char* bruger_namespace = "http://stoettesystemerne.dk/organisation/bruger/6/";
inline constexpr const char* organisationenhed_namespace =
    "http://stoettesystemerne.dk/organisation/organisationenhed/6/";
inline constexpr const char* sts_definitions_namespace = "urn:oio:sts:6"; // sts:CVR-NummerTekst
inline constexpr const char* klasse_namespace = "http://stoettesystemerne.dk/klassifikation/klasse/7/";
inline constexpr const char* sagdokumentindeks_namespace = "urn:oio:sts:sagdok:sagdokumentindeks:6";
inline constexpr const char* sag_namespace = "urn:oio:sts:sagdok:sag:6";
inline constexpr const char* dokumentindeks_namespace = "urn:oio:sts:sagdok:dokumentindeks:6";
inline constexpr const char* generelledefinitioner_namespace = "urn:oio:sts:generelledefinitioner:6";

} // namespace klarmeld::kombit
