#include "report/language.hpp"

#include <array>

namespace klarmeld::report {

std::optional<Language> parse_language(std::string_view code) {
  if (code == "da") {
    return Language::Danish;
  }
  if (code == "en") {
    return Language::English;
  }
  return std::nullopt;
}

std::string_view verdict_word(Verdict verdict, Language language) {
  return language == Language::English ? to_english(verdict) : to_danish(verdict);
}

std::string_view declaration_word(profile::SelfDeclaration declaration, Language language) {
  if (language == Language::Danish) {
    return profile::to_danish(declaration);
  }
  switch (declaration) {
  case profile::SelfDeclaration::Anvendes:
    return "In use";
  case profile::SelfDeclaration::UnderUdvikling:
    return "Under development";
  case profile::SelfDeclaration::IkkeRelevant:
    return "Not relevant";
  case profile::SelfDeclaration::IkkeAngivet:
    return "Not declared";
  }
  return "Not declared";
}

std::optional<Verdict> parse_verdict_word(std::string_view word) {
  constexpr std::array all{Verdict::Ja, Verdict::Nej, Verdict::IkkeTestet, Verdict::IkkeRelevant};
  for (Verdict verdict : all) {
    if (word == to_danish(verdict) || word == to_english(verdict)) {
      return verdict;
    }
  }
  return std::nullopt;
}

} // namespace klarmeld::report
