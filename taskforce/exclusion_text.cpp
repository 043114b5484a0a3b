#include "taskforce/exclusion_text.hpp"

#include <filesystem>
#include <optional>
#include <span>

#include "util/time.hpp"

namespace klarmeld::taskforce {
namespace {

// Which dates a certificate-time problem names, taken from the signature's report instead of the
// English message.
enum class ExclusionDates { None, ValidFrom, ValidUntil, SigningTime };

// `{part}` is the problem's part: a package part ("/xl/styles.xml") or a signature part
// ("/_xmlsignatures/sig1.xml"). `detail`: the English adds something (another library's words, which
// algorithm, which reference or relationship), so it follows as technical detail.
struct ExclusionProblemText {
  std::string_view code;
  std::string_view text;
  bool detail;
  ExclusionDates dates = ExclusionDates::None;
};

// The codes of sign/verifier.cpp and sign/signature_verifier.cpp. Words as in the rest of the
// taskforce's Danish: signeret/signering, underskriver, betroet, del (an OPC part).
constexpr ExclusionProblemText exclusion_problem_texts[] = {
    {"package.unreadable", "filen kan ikke åbnes som xlsx-pakke", true},
    {"package.content-types", "pakkens oversigt over indholdstyper ([Content_Types].xml) mangler eller kan ikke læses",
     true},
    {"package.relationships", "pakkens relationer (/_rels/.rels) kan ikke læses, så signaturerne kan ikke findes",
     true},
    {"package.unsigned", "regnearket har ingen signatur", false},
    {"part.not-covered", "delen {part} er ikke dækket af signaturen (tilføjet efter signering)", false},
    {"part.missing", "den signerede del {part} mangler i pakken (fjernet efter signering?)", false},
    {"part.modified", "delen {part} er ændret efter signering", false},
    {"part.content-type", "indholdstypen for delen {part} er ikke den, der blev signeret", true},
    {"part.malformed", "relationsdelen {part} kan ikke læses", true},
    {"part.unprocessable", "fingeraftrykket af delen {part} kan ikke beregnes", true},
    {"relationship.not-covered", "en relation i {part} er ikke dækket af signaturen (tilføjet efter signering)", true},
    {"signature.missing", "signaturdelen {part} mangler i pakken", false},
    {"signature.malformed", "signaturen {part} er ikke en gyldig XML-signatur", true},
    {"signature.content-type", "pakken angiver ikke {part} som signatur ([Content_Types].xml)", false},
    {"signature.algorithm", "signaturen {part} bruger en algoritme, der ikke accepteres (SHA-2 kræves)", true},
    {"signature.internal", "signaturen {part} kunne ikke kontrolleres (intern fejl)", true},
    {"signature.unprocessable", "signaturen {part} kan ikke behandles", true},
    {"signature.reference-modified", "signaturens egne signerede oplysninger i {part} er ændret efter signering", true},
    {"signature.value-mismatch",
     "signaturværdien i {part} passer ikke med underskriverens nøgle (signaturen er ændret efter signering)", false},
    {"signature.no-signing-time", "signaturen {part} mangler et gyldigt signeringstidspunkt", false},
    {"signature.future-time", "signaturen {part} angiver et signeringstidspunkt i fremtiden", true,
     ExclusionDates::SigningTime},
    {"certificate.malformed", "underskriverens certifikat i signaturen {part} kan ikke læses", false},
    {"certificate.missing", "signaturen {part} indeholder ikke underskriverens certifikat", false},
    {"certificate.digest-mismatch",
     "signaturen {part} er ikke lavet med det certifikat, den indeholder (certifikatet udskiftet?)", false},
    {"certificate.serial-mismatch",
     "signaturen {part} er ikke lavet med det certifikat, den indeholder (udsteder og serienummer passer ikke)", false},
    {"certificate.not-yet-valid", "underskriverens certifikat var endnu ikke gyldigt, da der blev signeret", true,
     ExclusionDates::ValidFrom},
    {"certificate.expired", "underskriverens certifikat var udløbet, da der blev signeret", true,
     ExclusionDates::ValidUntil},
};

// `{where}`: the part or sheet the reader names ("delen /xl/worksheets/sheet1.xml", "arket 'Oversigt'"),
// else "regnearket". Verbs and participles only after it: "delen" and "arket" differ in gender.
struct ExclusionReaderText {
  std::string_view code;
  std::string_view text;
  bool detail;
};

// The codes of report/zip_reader.cpp, report/sheet_cells.cpp and report/workbook_reader.cpp.
constexpr ExclusionReaderText exclusion_reader_texts[] = {
    {"workbook.not-zip", "filen er ikke en xlsx-fil (ZIP)", true},
    {"workbook.unreadable", "filen kan ikke læses", true},
    {"workbook.missing-part", "{where} mangler i regnearket", false},
    {"workbook.bad-part", "{where} kan ikke læses", true},
    {"workbook.too-large", "{where} overskrider grænsen for, hvor meget der læses", true},
    {"workbook.xml", "{where} er ikke gyldig XML", true},
    {"workbook.dtd", "{where} indeholder en DOCTYPE, som ikke er tilladt i et regneark", false},
    {"workbook.bad-cell", "en celle i {where} er ugyldig", true},
    {"workbook.layout", "{where} er ikke opbygget som i et klarmeldingsregneark", true},
};

// The codes of a .p7s's and of trust problems (sign/cades.cpp, sign/signer_certificate.cpp): the report
// carries OpenSSL's reason apart (`problem_detail`, `trust_problem_detail`), kept as technical detail.
// `{signature}`: "signaturfilen F.xlsx.p7s", "medsignaturen F.xlsx.countersign.p7s" or "signaturen
// /_xmlsignatures/sig1.xml"; `{signer}`: the certificate concerned.
struct ExclusionCodedText {
  std::string_view code;
  std::string_view text;
};

constexpr ExclusionCodedText exclusion_detached_texts[] = {
    {"cades.malformed", "{signature} er ikke en gyldig signatur (CMS)"},
    {"cades.content-mismatch", "{signature} passer ikke til regnearket (regnearket er ændret efter signering, eller "
                               "signaturen hører til en anden fil)"},
};

constexpr ExclusionCodedText exclusion_trust_texts[] = {
    {"trust.no-anchor", "der er ikke angivet betroede certifikater (--trust), så ingen underskriver er betroet"},
    {"trust.no-chain", "{signer} er ikke udstedt under de betroede certifikater (--trust)"},
    {"trust.unprocessable", "tilliden til {signer} kunne ikke kontrolleres"},
    {"trust.signer-certificate-missing", "{signature} indeholder ikke underskriverens certifikat"},
    {"trust.ess-mismatch", "{signature} angiver et andet certifikat end underskriverens (ESS-attributten)"},
};

enum class ExclusionDetachedKind { Cades, Countersignature };

void exclusion_replace_all(std::string& text, std::string_view placeholder, std::string_view value) {
  for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
}

std::string exclusion_with_detail(std::string sentence, std::string_view detail) {
  if (!detail.empty()) {
    sentence += " (teknisk detalje: " + std::string(detail) + ")";
  }
  return sentence;
}

// The file's path is in its own column (and before the reason in the CLI): not repeated in the detail.
std::string_view exclusion_without_path(std::string_view message, const std::string& path) {
  if (path.empty()) {
    return message;
  }
  for (const std::string& lead : {"'" + path + "': ", path + ": "}) {
    if (message.starts_with(lead)) {
      return message.substr(lead.size());
    }
  }
  return message;
}

std::string exclusion_file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string exclusion_detached_name(const std::string& path, ExclusionDetachedKind kind) {
  return kind == ExclusionDetachedKind::Cades ? "signaturfilen " + exclusion_file_name(path) + ".p7s"
                                              : "medsignaturen " + exclusion_file_name(path) + ".countersign.p7s";
}

// A coded problem's sentence; an unknown code (a new one in sign/ before this table has it) gets
// `unknown` with the whole English line as detail.
std::string exclusion_from_codes(std::span<const ExclusionCodedText> table, std::string_view code,
                                 std::string_view detail, std::string_view english, std::string_view signature,
                                 std::string_view signer, std::string_view unknown) {
  std::string text(unknown);
  std::string_view shown = english;
  for (const ExclusionCodedText& entry : table) {
    if (entry.code == code) {
      text = entry.text;
      shown = detail;
    }
  }
  exclusion_replace_all(text, "{signature}", signature);
  exclusion_replace_all(text, "{signer}", signer);
  return exclusion_with_detail(std::move(text), shown);
}

std::string exclusion_detached_problem(const sign::CadesReport& report, const std::string& path,
                                       ExclusionDetachedKind kind) {
  return exclusion_from_codes(exclusion_detached_texts, report.problem_code, report.problem_detail, report.problem,
                              exclusion_detached_name(path, kind), "", "{signature} er ikke gyldig");
}

std::string exclusion_detached_trust_problem(const sign::CadesReport& report, const std::string& path,
                                             ExclusionDetachedKind kind) {
  std::string name = exclusion_detached_name(path, kind);
  return exclusion_from_codes(exclusion_trust_texts, report.problem_code, report.problem_detail, report.problem, name,
                              "certifikatet bag " + name, "underskriveren af " + name + " er ikke betroet");
}

std::optional<std::string> exclusion_dates_of(const ExclusionProblemText& entry,
                                              const sign::SignatureReport* signature) {
  if (signature == nullptr || !signature->signing_time) {
    return std::nullopt;
  }
  std::string signed_at = "signeret " + iso8601_utc(*signature->signing_time);
  switch (entry.dates) {
  case ExclusionDates::ValidFrom:
    if (signature->certificate_not_before) {
      return "gyldigt fra " + iso8601_utc(*signature->certificate_not_before) + ", " + signed_at;
    }
    break;
  case ExclusionDates::ValidUntil:
    if (signature->certificate_not_after) {
      return "gyldigt til " + iso8601_utc(*signature->certificate_not_after) + ", " + signed_at;
    }
    break;
  case ExclusionDates::SigningTime:
    return signed_at;
  case ExclusionDates::None:
    break;
  }
  return std::nullopt;
}

std::string danish_exclusion_problem(const sign::Problem& problem, const sign::SignatureReport* signature,
                                     const std::string& path) {
  std::string_view english = exclusion_without_path(problem.message, path);
  for (const ExclusionProblemText& entry : exclusion_problem_texts) {
    if (entry.code == problem.code) {
      std::string text(entry.text);
      exclusion_replace_all(text, "{part}", problem.part);
      if (std::optional<std::string> dates = exclusion_dates_of(entry, signature)) {
        return text + " (" + *dates + ")";
      }
      return exclusion_with_detail(std::move(text), entry.detail ? english : "");
    }
  }
  // A code this table does not know yet (the test keeps it in step with sign/): still Danish first.
  std::string text = "en kontrol af signaturen fejlede";
  if (!problem.part.empty()) {
    text += " (" + problem.part + ")";
  }
  return exclusion_with_detail(std::move(text), english);
}

// The first reason the package is not valid: the package's own problems, then each signature's, then
// the detached ones.
std::string first_exclusion_problem(const sign::PackageReport& report) {
  if (!report.problems.empty()) {
    return danish_exclusion_problem(report.problems.front(), nullptr, report.path);
  }
  for (const sign::SignatureReport& signature : report.signatures) {
    if (!signature.problems.empty()) {
      return danish_exclusion_problem(signature.problems.front(), &signature, report.path);
    }
  }
  if (report.cades && !report.cades->valid) {
    return exclusion_detached_problem(*report.cades, report.path, ExclusionDetachedKind::Cades);
  }
  if (report.countersignature && !report.countersignature->valid) {
    return exclusion_detached_problem(*report.countersignature, report.path, ExclusionDetachedKind::Countersignature);
  }
  return "signaturen er ikke gyldig";
}

// The reader's message starts with where it was: "PATH:xl/worksheets/sheet1.xml: …" (a part),
// "PATH:Oversigt: …" (a sheet), "PATH: part 'xl/styles.xml' is missing" (a ZIP entry).
struct ExclusionReaderPlace {
  std::string where;
  std::string_view detail;
};

ExclusionReaderPlace exclusion_reader_place(std::string_view message, const std::string& path) {
  ExclusionReaderPlace place{"regnearket", message};
  if (path.empty() || !message.starts_with(path)) {
    return place;
  }
  std::string_view rest = message.substr(path.size());
  if (rest.starts_with(":") && !rest.starts_with(": ")) {
    size_t end = rest.find(": ");
    std::string_view name = rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
    place.where =
        name.find('/') != std::string_view::npos ? "delen /" + std::string(name) : "arket '" + std::string(name) + "'";
    place.detail = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    return place;
  }
  if (rest.starts_with(": ")) {
    place.detail = rest.substr(2);
    constexpr std::string_view quoted_part = "part '";
    if (size_t at = place.detail.find(quoted_part); at != std::string_view::npos) {
      size_t start = at + quoted_part.size();
      size_t end = place.detail.find('\'', start);
      if (end != std::string_view::npos) {
        place.where = "delen /" + std::string(place.detail.substr(start, end - start));
      }
    }
  }
  return place;
}

} // namespace

std::string danish_problem(const sign::Problem& problem, const sign::SignatureReport* signature) {
  return danish_exclusion_problem(problem, signature, "");
}

std::string danish_reader_error(const Error& error, const std::string& path) {
  ExclusionReaderPlace place = exclusion_reader_place(error.message, path);
  for (const ExclusionReaderText& entry : exclusion_reader_texts) {
    if (entry.code == error.code) {
      std::string text(entry.text);
      exclusion_replace_all(text, "{where}", place.where);
      return exclusion_with_detail(std::move(text), entry.detail ? place.detail : "");
    }
  }
  return exclusion_with_detail("regnearket kan ikke læses som klarmeldingsregneark", place.detail);
}

std::string unsigned_reason(const sign::PackageReport& report) {
  return "Ikke signeret: " + first_exclusion_problem(report);
}

std::string invalid_reason(const sign::PackageReport& report) {
  return "Ugyldig signatur: " + first_exclusion_problem(report);
}

std::string untrusted_reason(const sign::PackageReport& report) {
  std::string text;
  for (const sign::SignatureReport& signature : report.signatures) {
    if (!signature.trusted) {
      text = signature.trust_problem.empty()
                 ? "underskriveren er ikke betroet"
                 : exclusion_from_codes(exclusion_trust_texts, signature.trust_problem_code,
                                        signature.trust_problem_detail, signature.trust_problem,
                                        "signaturen " + signature.part, "underskriverens certifikat",
                                        "underskriveren er ikke betroet");
      break;
    }
  }
  if (text.empty() && report.cades && !report.cades->trusted) {
    text = exclusion_detached_trust_problem(*report.cades, report.path, ExclusionDetachedKind::Cades);
  }
  if (text.empty() && report.countersignature && !report.countersignature->trusted) {
    text = exclusion_detached_trust_problem(*report.countersignature, report.path,
                                            ExclusionDetachedKind::Countersignature);
  }
  return "Signatur ikke betroet: " + (text.empty() ? std::string("underskriveren er ikke betroet") : text);
}

std::string unreadable_file_reason(const Error& error) {
  return "Kan ikke læses: " + exclusion_with_detail("filen kan ikke åbnes", error.message);
}

std::string not_a_workbook_reason(const Error& error, const std::string& path) {
  return "Ikke et klarmeldingsregneark: " + danish_reader_error(error, path);
}

std::vector<std::string_view> problem_codes_with_text() {
  std::vector<std::string_view> codes;
  for (const ExclusionProblemText& entry : exclusion_problem_texts) {
    codes.push_back(entry.code);
  }
  return codes;
}

std::vector<std::string_view> reader_codes_with_text() {
  std::vector<std::string_view> codes;
  for (const ExclusionReaderText& entry : exclusion_reader_texts) {
    codes.push_back(entry.code);
  }
  return codes;
}

std::vector<std::string_view> detached_and_trust_codes_with_text() {
  std::vector<std::string_view> codes;
  for (std::span<const ExclusionCodedText> table : {std::span<const ExclusionCodedText>(exclusion_detached_texts),
                                                    std::span<const ExclusionCodedText>(exclusion_trust_texts)}) {
    for (const ExclusionCodedText& entry : table) {
      codes.push_back(entry.code);
    }
  }
  return codes;
}

} // namespace klarmeld::taskforce
