#include "sign/part_names.hpp"

#include <algorithm>

namespace klarmeld::sign {
namespace {

// Not std::tolower: no libc call per character, and no locale can fold more than A–Z.
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string folded_part_name(std::string_view name) {
  std::string folded(name);
  std::transform(folded.begin(), folded.end(), folded.begin(), ascii_lower);
  return folded;
}

bool same_part_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

} // namespace klarmeld::sign
