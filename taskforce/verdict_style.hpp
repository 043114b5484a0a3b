// KOMBIT's colours for the four answers (the same fills as the readiness workbook, report/xlsx_sheet.cpp)
// and the CSS class names the HTML heat map uses for them.
#pragma once

#include <cstdint>
#include <string_view>

#include "criteria/model/verdict.hpp"

namespace klarmeld::taskforce {

struct VerdictStyle {
  std::uint32_t fill;
  std::uint32_t font;
  std::string_view css_class;
};

constexpr VerdictStyle style_of(Verdict verdict) {
  switch (verdict) {
  case Verdict::Ja:
    return {0xC6EFCE, 0x006100, "v-ja"};
  case Verdict::Nej:
    return {0xFFC7CE, 0x9C0006, "v-nej"};
  case Verdict::IkkeTestet:
    return {0xFFEB9C, 0x9C5700, "v-ikke-testet"};
  case Verdict::IkkeRelevant:
    return {0xD9D9D9, 0x404040, "v-ikke-relevant"};
  }
  return {0xFFEB9C, 0x9C5700, "v-ikke-testet"};
}

inline constexpr Verdict all_verdicts[] = {Verdict::Ja, Verdict::Nej, Verdict::IkkeTestet, Verdict::IkkeRelevant};

} // namespace klarmeld::taskforce
