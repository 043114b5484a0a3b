#include "profile/template.hpp"

#include <algorithm>

#include "profile/cvr.hpp"
#include "profile/municipalities.hpp"

namespace klarmeld::profile {
namespace {

// A YAML double-quoted scalar: backslash and quote escaped, control characters (incl. newlines) dropped
// so a name can never break out of its line.
std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
      out += c;
    }
  }
  return out + "\"";
}

const Municipality* lookup(const std::string& kommune) {
  bool numeric = !kommune.empty() && kommune.size() <= 3 &&
                 std::all_of(kommune.begin(), kommune.end(), [](char c) { return c >= '0' && c <= '9'; });
  return numeric ? find_municipality(std::stoi(kommune)) : find_municipality(kommune);
}

// The template is text a user reads and edits, so its example URLs, issuer and entityID are written out
// as the user will write them (the client's spellings: interfaces/kombit_names.hpp, a later layer).
constexpr const char* body = R"(
# KOMBITs testmiljø: STS, endpoints og entityID'er for KOMBITs services følger med klarmeld
# (se dem med: klarmeld environment show eksterntest). Produktion: environment: produktion
# KOMBIT's test environment: its STS, endpoints and entityIDs ship with klarmeld
# (see them with: klarmeld environment show eksterntest). Production: environment: produktion
environment: eksterntest

# Jeres egne endpoints (id som i kriteriekataloget), og evt. afvigelser fra KOMBITs værdier:
# en angiven nøgle erstatter miljøets, options flettes nøgle for nøgle.
# Your own endpoints (interface id of the catalog) and any override of KOMBIT's values:
# a key given here replaces the environment's; options are merged key by key.
endpoints:
  # SF1511:
  #   url: "https://saml.leverandoer.example/saml/metadata"
  #   options: { slo_url: "https://saml.leverandoer.example/saml/logout" }
  # SF1512:
  #   url: "https://wsp.leverandoer.example/service"
  #   entity_id: "https://saml.leverandoer.example/wsp"
  # SF1500:
  #   options: { bruger_uuid: "…" }
# Afvigende STS-værdier (valgfrit) / STS overrides (optional):
# sts:
#   issuer: "https://saml.n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime"

# Kun henvisninger - aldrig selve hemmelighederne. Relative stier er relative til denne fil.
# References only - never the secrets themselves. Relative paths are relative to this file.
credentials:
  pkcs12: "certs/system.p12"              # systemcertifikat (FOCES/OCES3) / system certificate + key
  password_env: "KLARMELD_P12_PASSWORD"   # NAVNET på miljøvariablen med kodeordet / the variable's NAME
  # password_file: "certs/system.p12.password"   # alternativt en fil / or a file holding the password
  ca_bundle: "certs/ca.pem"               # betroede rodcertifikater (PEM) / trust anchors (PEM)
  # sts_certificate: "certs/sts.pem"      # valgfrit / optional: the STS signing certificate
  # ssh_private_key: "certs/sftp_key"     # valgfrit, SFTP (SF1590_A) / optional, for SFTP
  # idp:                                  # valgfrit: IdP-identitet for SF1511/SF1515 / optional IdP identity
  #   certificate: "certs/klarmeld-idp.pem"   # registreret i testens SP / registered in the test SP
  #   key: "certs/klarmeld-idp.key"

# Leverandørens selvangivelse pr. snitflade (kolonnen "Leverandørens selvangivelse").
# The vendor's self-declaration per interface:
#   anvendes        = Anvendes: systemet bruger/udstiller snitfladen / in use: assessed
#   under_udvikling = Under udvikling / being built: assessed, so you see what is missing
#   ikke_relevant   = Ikke relevant / not relevant: listed, not assessed
#   ikke_angivet    = Ikke angivet / not declared (also the default for interfaces not listed): assessed
declarations:
@DECLARATIONS@

# Manuel dokumentation pr. kriterium (for kriterier uden automatisk test).
# Manual evidence per criterion (for criteria that no probe decides). Expired evidence counts as not given.
evidence:
  # - criterion: SF1500.4
  #   answer: ja                         # ja | nej
  #   url: "https://dokumentation.leverandoer.example/sf1500"
  #   # eller / or:  file: "evidence/sf1500.pdf"  +  sha256: "<64 hex>"  (kontrolleres / checked at load)
  #   remark: "Demonstreret for pilotkommunen"
  #   confirmed_by: "Jens Hansen, Aarhus Kommune"
  #   date: 2026-10-01
  #   expires: 2027-10-01                # valgfri / optional
)";

// One commented line per catalog interface, names aligned; or two examples without a catalog.
std::string declaration_lines(const criteria::Catalog* catalog) {
  if (!catalog || catalog->interfaces.empty()) {
    return "  # SF1500: anvendes\n  # SF0810: ikke_relevant\n";
  }
  std::string lines;
  for (const auto& interface : catalog->interfaces) {
    std::string entry = "  # " + interface.id + ": ikke_angivet";
    entry += std::string(entry.size() < 28 ? 28 - entry.size() : 1, ' ');
    lines += entry + "# " + interface.name_da + "\n";
  }
  return lines;
}

} // namespace

Result<std::string> profile_template(const std::string& vendor, const std::string& system, const std::string& kommune,
                                     const std::string& vendor_cvr, const criteria::Catalog* catalog) {
  const Municipality* municipality = lookup(kommune);
  if (!municipality) {
    return input_error("profile.unknown-municipality",
                       "'" + kommune +
                           "' is not one of the 98 Danish municipalities (give a name like Aarhus or a "
                           "kommunekode like 751)");
  }
  if (!vendor_cvr.empty() && !is_valid_cvr(vendor_cvr)) {
    return input_error("profile.bad-cvr", "CVR '" + vendor_cvr + "' is not 8 digits passing the modulus-11 check");
  }
  std::string cvr = vendor_cvr.empty() ? placeholder_cvr : vendor_cvr;
  std::string cvr_comment = vendor_cvr.empty() ? "   # ERSTAT med jeres CVR / REPLACE with your CVR" : "";
  std::string text;
  text += "# klarmeld-profil: leverandør, system, pilotkommune og testmiljø (docs/profile-format.md).\n";
  text += "# klarmeld profile: vendor, system, pilot municipality and test environment.\n";
  text += "# Tjek med / check with: klarmeld check --profile <denne fil / this file>\n\n";
  text += "vendor:\n  name: " + yaml_quoted(vendor) + "\n  cvr: \"" + cvr + "\"" + cvr_comment +
          "\n\nsystem:\n  name: " + yaml_quoted(system) +
          "\n  version: \"1.0\"                        # systemets version / the system's version\n\n";
  text += "# Pilotkommunen (navn og kommunekode skal passe sammen) / must match one of the 98 municipalities.\n";
  text += "pilot_municipality:\n  name: " + yaml_quoted(municipality->name) +
          "\n  code: " + std::to_string(municipality->code) +
          "\n  # cvr: \"...\"                            # kommunens CVR (CVR-claim i tokens) / its CVR, optional\n";
  std::string rest = body;
  constexpr std::string_view marker = "@DECLARATIONS@\n";
  rest.replace(rest.find(marker), marker.size(), declaration_lines(catalog));
  text += rest;
  return text;
}

} // namespace klarmeld::profile
