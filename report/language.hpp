// The two languages a report can be written in, and the words for verdicts and declarations.
// The workbook reader accepts both, so a file keeps its meaning whichever language wrote it.
#pragma once

#include <optional>
#include <string_view>

#include "criteria/model/verdict.hpp"
#include "profile/profile.hpp"

namespace klarmeld::report {

enum class Language {
  Danish,  // KOMBIT's template language, the default
  English, // for vendors and reviewers outside Denmark
};

// "da" / "en" (the --lang option); nullopt for anything else.
std::optional<Language> parse_language(std::string_view code);

std::string_view verdict_word(Verdict verdict, Language language);
std::string_view declaration_word(profile::SelfDeclaration declaration, Language language);

// "Ja"/"Yes", "Nej"/"No", "Ikke testet"/"Not tested", "Ikke relevant"/"Not relevant" (exact match).
std::optional<Verdict> parse_verdict_word(std::string_view word);

} // namespace klarmeld::report
