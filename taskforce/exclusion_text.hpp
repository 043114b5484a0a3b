// Why `aggregate` leaves a file out, in Danish, for the taskforce (issue #19): one sentence per code the
// verifier (sign::Problem, a .p7s's and trust problem codes) and the workbook reader (report/) give, saying what is
// wrong and in which part. The English behind it — the verifier's own message, or OpenSSL's, xmlsec's, libxml2's,
// pugixml's or libzip's — follows only where it adds something (which byte, which algorithm), marked "(teknisk detalje:
// …)", never as the sentence itself. An unknown code gets a generic Danish sentence with its English as detail, so a
// new verifier code never yields an empty or English reason. The one home of these words: the CLI, the overview
// workbook, the HTML and --json show them alike; the exclusion codes (unsigned, invalid, …) stay English and
// machine-readable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sign/verification.hpp"
#include "util/error.hpp"

namespace klarmeld::taskforce {

// The reasons of the four exclusion codes, prefix included ("Ugyldig signatur: …").
std::string unsigned_reason(const sign::PackageReport& report);
std::string invalid_reason(const sign::PackageReport& report);
std::string untrusted_reason(const sign::PackageReport& report);
std::string unreadable_file_reason(const Error& error);                         // the file cannot be read at all
std::string not_a_workbook_reason(const Error& error, const std::string& path); // report/'s reader refused it

// One problem's sentence (no prefix). `signature` (when the problem is a signature's) gives the dates
// a certificate-time problem names.
std::string danish_problem(const sign::Problem& problem, const sign::SignatureReport* signature = nullptr);
// One reader error's sentence (no prefix); `path` is the file the error's message starts with.
std::string danish_reader_error(const Error& error, const std::string& path);

// What has a sentence of its own, for the test that compares these with the codes and wordings in
// sign/ and report/ (tests/unit/taskforce/test_exclusion_text.cpp).
std::vector<std::string_view> problem_codes_with_text();            // sign::Problem codes
std::vector<std::string_view> reader_codes_with_text();             // report/ reader Error codes
std::vector<std::string_view> detached_and_trust_codes_with_text(); // CadesReport / trust problem codes

} // namespace klarmeld::taskforce
