// Facts about a certificate that outputs show: subject, issuer, validity, CVR in the OCES forms.
#pragma once

#include <string>

#include <openssl/x509.h>

#include "util/result.hpp"
#include "util/time.hpp"

namespace klarmeld::crypto {

struct CertificateInfo {
  std::string subject; // RFC 2253 one-line form
  std::string issuer;
  std::string serial_hex;
  std::string sha256_fingerprint; // hex of the DER digest
  TimePoint not_before{};
  TimePoint not_after{};
  std::string cvr; // from OCES3 organizationIdentifier "NTRDK-<cvr>" or OCES2 "CVR:<cvr>-FID:…"; empty if none
};

CertificateInfo describe(X509* certificate);
// A distinguished name in the RFC 2253 one-line form (also what XAdES IssuerSerial carries,
// ETSI TS 101 903 §7.2.2), UTF-8 left unescaped.
std::string name_rfc2253(X509_NAME* name);
// The serial number in decimal, as ds:X509SerialNumber (XML-DSig §4.4.4, an integer) writes it.
std::string serial_decimal(X509* certificate);
// CVR from a subject: OCES3 2.5.4.97 "NTRDK-12345678", OCES2 serialNumber "CVR:12345678-FID:…".
std::string cvr_from_subject(X509_NAME* subject);
TimePoint to_time_point(const ASN1_TIME* time);
// Expired or not yet valid at `now` (RFC 5280 §4.1.2.5): a runtime error ("credentials.expired",
// "credentials.not-yet-valid") naming `what`, both dates and the subject.
Status check_valid_at(X509* certificate, const std::string& what, TimePoint now);

} // namespace klarmeld::crypto
