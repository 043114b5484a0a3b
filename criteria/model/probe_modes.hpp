// The modes a probe parameter selects (sts.issue's variant, sts.protected's case, …), each an enum
// with its spellings in one table next to it. probe_types.cpp takes the allowed words from these
// tables, and the loader parses the checked text into ProbeModes once; the probes read the enums.
#pragma once

#include "util/spelling.hpp"

namespace klarmeld::criteria {

// sts.issue `variant`: which STS endpoint issues the token.
enum class StsVariant {
  Soap,          // WS-Trust over SOAP (environment.sts.url)
  Rest,          // WS-Trust as JSON (environment.sts.rest_url)
  TokenExchange, // SOAP token exchanged at AccessTokenService (environment.sts.token_exchange_url)
};
inline constexpr Spelling<StsVariant> sts_variant_spellings[] = {
    {StsVariant::Soap, "soap"}, {StsVariant::Rest, "rest"}, {StsVariant::TokenExchange, "token_exchange"}};

// sts.protected `case`: the one call the vendor's token-protected service gets.
enum class ProtectedCase {
  Valid,
  NoToken,
  Expired,
  NotYetValid,
  WrongAudience,
  WrongIssuer,
  Tampered,
  SignatureWrapping,
  NonHolderKey,
  Replayed,
  NoTimestamp,
};
inline constexpr Spelling<ProtectedCase> protected_case_spellings[] = {
    {ProtectedCase::Valid, "valid"},
    {ProtectedCase::NoToken, "no_token"},
    {ProtectedCase::Expired, "expired"},
    {ProtectedCase::NotYetValid, "not_yet_valid"},
    {ProtectedCase::WrongAudience, "wrong_audience"},
    {ProtectedCase::WrongIssuer, "wrong_issuer"},
    {ProtectedCase::Tampered, "tampered"},
    {ProtectedCase::SignatureWrapping, "signature_wrapping"},
    {ProtectedCase::NonHolderKey, "non_holder_key"},
    {ProtectedCase::Replayed, "replayed"},
    {ProtectedCase::NoTimestamp, "no_timestamp"},
};

// saml.sso `case`: the login klarmeld, as the Context Handler, answers the SP's AuthnRequest with
// (issue #16): a correct Response, or one forged in one way that the SP must refuse.
enum class SsoCase {
  Valid,
  Unsigned,
  Tampered,
  SignatureWrapping,
  Expired,
  NotYetValid,
  WrongAudience,
  WrongDestination,
  WrongIssuer,
  UntrustedKey,
  OtherInResponseTo,
  Replayed,
  Sha1,
};
inline constexpr Spelling<SsoCase> sso_case_spellings[] = {
    {SsoCase::Valid, "valid"},
    {SsoCase::Unsigned, "unsigned"},
    {SsoCase::Tampered, "tampered"},
    {SsoCase::SignatureWrapping, "signature_wrapping"},
    {SsoCase::Expired, "expired"},
    {SsoCase::NotYetValid, "not_yet_valid"},
    {SsoCase::WrongAudience, "wrong_audience"},
    {SsoCase::WrongDestination, "wrong_destination"},
    {SsoCase::WrongIssuer, "wrong_issuer"},
    {SsoCase::UntrustedKey, "untrusted_key"},
    {SsoCase::OtherInResponseTo, "other_in_response_to"},
    {SsoCase::Replayed, "replayed"},
    {SsoCase::Sha1, "sha1"},
};

// soap.call `operation`: the service operation called (kombit-infrastructure §4); its spelling is
// also the tail of the SOAP action for the Organisation operations.
enum class SoapOperation {
  VirksomhedSoeg,
  BrugerLaes,
  OrganisationenhedSoeg,
  OrganisationenhedLaes,
  KlasseSoeg,
  SagdokumentindeksImporter,
  SagdokumentindeksValidering,
  YdelsesindeksImporter,
};
inline constexpr Spelling<SoapOperation> soap_operation_spellings[] = {
    {SoapOperation::VirksomhedSoeg, "virksomhed/soeg"},
    {SoapOperation::BrugerLaes, "bruger/laes"},
    {SoapOperation::OrganisationenhedSoeg, "organisationenhed/soeg"},
    {SoapOperation::OrganisationenhedLaes, "organisationenhed/laes"},
    {SoapOperation::KlasseSoeg, "klasse/soeg"},
    {SoapOperation::SagdokumentindeksImporter, "sagdokumentindeks/importer"},
    {SoapOperation::SagdokumentindeksValidering, "sagdokumentindeks/validering"},
    {SoapOperation::YdelsesindeksImporter, "ydelsesindeks/importer"},
};

// rest.call `operation`: the Digital Post (SF1601) REST operation.
enum class RestOperation { Kombipostafsend, Postforespoerg };
inline constexpr Spelling<RestOperation> rest_operation_spellings[] = {
    {RestOperation::Kombipostafsend, "kombipostafsend"}, {RestOperation::Postforespoerg, "postforespoerg"}};

// tls `min_version`: the lowest TLS version the endpoint may negotiate.
enum class TlsMinVersion { Tls12, Tls13 };
inline constexpr Spelling<TlsMinVersion> tls_min_version_spellings[] = {{TlsMinVersion::Tls12, "1.2"},
                                                                        {TlsMinVersion::Tls13, "1.3"}};

// The modes of one probe, as the loader parsed them from its parameters. Only the fields of the
// probe's own type mean anything; the others keep their defaults.
struct ProbeModes {
  StsVariant sts_variant = StsVariant::Soap;                     // sts.issue variant
  ProtectedCase protected_case = ProtectedCase::Valid;           // sts.protected case
  SoapOperation soap_operation = SoapOperation::VirksomhedSoeg;  // soap.call operation
  RestOperation rest_operation = RestOperation::Kombipostafsend; // rest.call operation
  TlsMinVersion tls_min_version = TlsMinVersion::Tls12;          // tls min_version
  SsoCase sso_case = SsoCase::Valid;                             // saml.sso case
};

} // namespace klarmeld::criteria
