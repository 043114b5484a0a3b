// The unsigned XML of one package signature part (sigN.xml), shaped the way office suites write it:
// ECMA-376-2 §13.2.4 package object + [MS-OFFCRYPTO] SignatureInfoV1 + XAdES 1.3.2 SignedProperties.
// DigestValue and SignatureValue are left empty for xmlsec to fill.
#pragma once

#include <string>
#include <vector>

namespace klarmeld::sign {

struct ManifestEntry {
  std::string part_name;                     // without the leading '/'
  std::string content_type;                  // from [Content_Types].xml
  bool relationships = false;                // a .rels part: RelationshipTransform + C14N
  std::vector<std::string> relationship_ids; // SourceId values (every relationship but the signature origin)
};

struct SignatureTemplate {
  std::vector<ManifestEntry> entries;
  std::vector<std::string> certificates_base64; // KeyInfo X509Data: signer first, then its chain
  std::string certificate_digest_base64;        // SHA-256 of the signer certificate (XAdES CertDigest)
  std::string issuer_name;                      // RFC 2253
  std::string serial_number;                    // decimal
  std::string signing_time;                     // 2026-11-23T09:15:02Z
  std::string comment;                          // SignatureComments: why this was signed
};

std::string build_signature_xml(const SignatureTemplate& input);
// "/xl/workbook.xml?ContentType=…" (ECMA-376-2 §13.2.4.6); characters outside the URI set percent-encoded.
std::string manifest_uri(const std::string& part_name, const std::string& content_type);

} // namespace klarmeld::sign
