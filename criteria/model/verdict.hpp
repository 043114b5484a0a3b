// The four answers a criterion or an interface can get, with KOMBIT's Danish words.
#pragma once

#include <string_view>

namespace klarmeld {

enum class Verdict {
  Ja,           // proven: a passing probe or valid manual evidence marked Ja
  Nej,          // disproven: a failing probe or manual evidence marked Nej
  IkkeTestet,   // not decided: no evidence, probe unavailable, run interrupted …
  IkkeRelevant, // the vendor declared the interface not relevant: not assessed
};

constexpr std::string_view to_danish(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ja:
    return "Ja";
  case Verdict::Nej:
    return "Nej";
  case Verdict::IkkeTestet:
    return "Ikke testet";
  case Verdict::IkkeRelevant:
    return "Ikke relevant";
  }
  return "Ikke testet";
}

constexpr std::string_view to_english(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ja:
    return "Yes";
  case Verdict::Nej:
    return "No";
  case Verdict::IkkeTestet:
    return "Not tested";
  case Verdict::IkkeRelevant:
    return "Not relevant";
  }
  return "Not tested";
}

// Machine form for JSON: "ja", "nej", "ikke_testet", "ikke_relevant".
constexpr std::string_view to_key(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ja:
    return "ja";
  case Verdict::Nej:
    return "nej";
  case Verdict::IkkeTestet:
    return "ikke_testet";
  case Verdict::IkkeRelevant:
    return "ikke_relevant";
  }
  return "ikke_testet";
}

} // namespace klarmeld
