// Which klarmelding a readiness workbook is: for which (vendor, system, municipality), assessed when, and
// a digest of what it states. `aggregate` keeps one klarmelding per (vendor, system, municipality) — the
// most recent — so a resubmission replaces the earlier file instead of being counted twice.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/workbook_reader.hpp"
#include "util/time.hpp"

namespace klarmeld::taskforce {

struct SubmissionIdentity {
  // Normalised "vendor|system|municipality": the vendor by CVR (by name when the workbook has none), the
  // system by name (not version: a new version replaces the old), the municipality by code (else name).
  std::string key;
  // When the assessment finished ("Kørsel afsluttet", else "Kørsel startet"). Both are inside the signed
  // content; the signing time is not used, because a countersignature (sig2) can come much later than
  // the assessment it approves.
  std::optional<TimePoint> assessed_at;
  std::string assessed_at_text; // as written in the workbook; empty when it has no usable time
  // SHA-256 over the content: the facts and interface answers as read from the overview, and the
  // criteria as signed (the SHA-256 of the documentation sheet's part and of the shared strings, which
  // hold its texts). Not the file's bytes: the same assessment countersigned or copied gives the same
  // digest, while any change to a criterion's result, reason or time changes it.
  std::string content_sha256;
};

// Trimmed, inner whitespace collapsed, case folded (ASCII and the Latin-1 letters Æ Ø Å É …).
std::string normalise_name(std::string_view text);

// criteria_sha256: what the criteria are as signed — the hex SHA-256 of the documentation sheet's part
// and of the shared strings part, joined (file_inspection.cpp takes them from the verified package).
SubmissionIdentity identify_submission(const report::WorkbookSummary& content, std::string_view criteria_sha256);

} // namespace klarmeld::taskforce
