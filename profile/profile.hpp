// A target profile: who is being assessed, where their test environment is, and what they declared.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/spelling.hpp"

namespace klarmeld::profile {

// The vendor's own statement per interface (overview column "Leverandørens selvangivelse").
enum class SelfDeclaration {
  Anvendes,       // in use / ready from the vendor's view: assessed
  UnderUdvikling, // being built: assessed (so the vendor sees what is missing)
  IkkeRelevant,   // not relevant for this system: listed, not assessed
  IkkeAngivet,    // not declared: assessed, shown as "Ikke angivet"
};

enum class EvidenceAnswer { Ja, Nej };

struct Date {
  int year = 0, month = 0, day = 0;
  std::string iso() const; // yyyy-mm-dd
  auto operator<=>(const Date&) const = default;
};

// Manual evidence for one criterion.
struct Evidence {
  std::string criterion_id;
  EvidenceAnswer answer = EvidenceAnswer::Nej;
  std::string url;    // evidence_url, or
  std::string file;   // evidence_file (path relative to the profile), with
  std::string sha256; // its SHA-256 (required with file, checked at load)
  std::string remark;
  std::string confirmed_by;
  Date date;
  std::optional<Date> expires; // expired evidence counts as not given
  SourceLocation where;
};

// options.slo_binding: the SAML binding saml.slo sends its LogoutRequest by (SAML bindings §3.5
// HTTP-POST, §3.4 HTTP-Redirect).
enum class SloBinding { Post, Redirect };
inline constexpr Spelling<SloBinding> slo_binding_spellings[] = {{SloBinding::Post, "post"},
                                                                 {SloBinding::Redirect, "redirect"}};

// One interface's endpoint in the vendor's (or KOMBIT's) test environment.
struct InterfaceEndpoint {
  std::string url;
  std::string entity_id;                      // service entityID for STS tokens
  std::map<std::string, std::string> options; // further probe inputs (metadata_url, slo_url …), as written
  std::optional<SloBinding> slo_binding;      // options.slo_binding, parsed by the loader; empty: not given
  // Why the test environment has no endpoint for the interface (`unavailable:`), said by whoever wrote
  // the environment, not by the vendor: its probes are Ikke testet with this reason. Empty: available.
  std::string unavailable;
  SourceLocation where;
};

// The identity klarmeld plays the Context Handler (the IdP) with in saml.sso and saml.slo
// (credentials.idp, docs/profile-format.md): the key and certificate the vendor's test SP trusts for
// the IdP, and its entityID. Not configured: the system certificate signs, as before.
struct IdpIdentity {
  std::string entity_id;     // the Issuer klarmeld writes; empty: options.idp_entity_id or KOMBIT's test IdP
  std::string pkcs12;        // key + certificate as PKCS#12, or
  std::string certificate;   // the certificate (PEM) with
  std::string key;           // its private key (PEM)
  std::string password_env;  // the NAME of the environment variable holding the key's password
  std::string password_file; // or a file holding it

  bool configured() const { return !pkcs12.empty() || !key.empty(); }
};

struct Credentials {
  std::string pkcs12;          // path to the system (function) certificate + key, PKCS#12
  std::string password_env;    // the NAME of the environment variable holding the password
  std::string password_file;   // or a file holding it
  std::string ca_bundle;       // trust anchors for TLS and token signatures (PEM)
  std::string sts_certificate; // the STS signing certificate to trust (PEM), optional
  std::string ssh_private_key; // SFTP key (path), optional
  IdpIdentity idp;             // saml.sso/saml.slo's IdP identity, optional
};

struct Environment {
  std::string name;                                    // "KOMBIT eksterntest" / "klarmeld fixture"
  std::string kombit;                                  // the KOMBIT environment file's id (short form), else empty
  std::string sts_url;                                 // SOAP WS-Trust endpoint
  std::string sts_rest_url;                            // WS-Trust JSON endpoint (optional)
  std::string token_exchange_url;                      // AccessTokenService (optional)
  std::string sts_issuer;                              // expected Issuer in assertions
  std::map<std::string, InterfaceEndpoint> interfaces; // by interface id
};

// One municipality of a rollout (docs/profile-format.md "municipalities"): the same shape as
// pilot_municipality, since its CVR is the CVR claim of the tokens asked for on its behalf.
struct MunicipalityEntry {
  std::string name; // canonical short name
  int code = 0;     // kommunekode
  std::string cvr;
  bool operator==(const MunicipalityEntry&) const = default;
};

struct Profile {
  std::string vendor_name;
  std::string vendor_cvr;
  std::string system_name;
  std::string system_version;
  std::string municipality_name; // canonical name from the municipality table
  int municipality_code = 0;     // kommunekode, e.g. 101
  std::string municipality_cvr;  // the authority's CVR (the CVR claim in tokens)
  // The municipalities the system is rolled out to (`municipalities:`); `check` checks each of them
  // when the list is given, the pilot alone otherwise. Never holds the same code twice.
  std::vector<MunicipalityEntry> municipalities;
  Environment environment;
  Credentials credentials;
  std::map<std::string, SelfDeclaration> declarations;     // by interface id; missing = IkkeAngivet
  std::map<std::string, SourceLocation> declaration_where; // where each declaration was written
  std::vector<Evidence> evidence;
  // Where single values were written, by dotted key ("vendor.cvr", "credentials.pkcs12" …), so a
  // later check (profile/preflight.hpp) can name the line.
  std::map<std::string, SourceLocation> key_where;
  std::string file;   // where it was loaded from
  std::string sha256; // of the file's bytes

  SelfDeclaration declaration_for(const std::string& interface_id) const;
  const Evidence* evidence_for(const std::string& criterion_id) const;
};

const char* to_danish(SelfDeclaration declaration);
const char* to_yaml_word(SelfDeclaration declaration); // anvendes, under_udvikling, ikke_relevant, ikke_angivet

} // namespace klarmeld::profile
