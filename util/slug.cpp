#include "util/slug.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace klarmeld {
namespace {

// UTF-8 sequences of the letters a Danish name may carry, with their ASCII spelling.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> transliterations{{
    {"\xc3\xa6", "ae"},
    {"\xc3\x86", "ae"},
    {"\xc3\xb8", "oe"},
    {"\xc3\x98", "oe"},
    {"\xc3\xa5", "aa"},
    {"\xc3\x85", "aa"},
    {"\xc3\xa9", "e"},
    {"\xc3\x89", "e"},
    {"\xc3\xbc", "ue"},
    {"\xc3\x9c", "ue"},
    {"\xc3\xb6", "oe"},
    {"\xc3\x96", "oe"},
    {"\xc3\xa4", "ae"},
    {"\xc3\x84", "ae"},
    {"\xc3\xa1", "a"},
    {"\xc3\x81", "a"},
}};

} // namespace

std::string slugify(std::string_view text) {
  std::string slug;
  bool pending_dash = false;
  auto emit = [&](std::string_view piece) {
    if (pending_dash && !slug.empty()) {
      slug += '-';
    }
    pending_dash = false;
    slug += piece;
  };
  for (size_t i = 0; i < text.size();) {
    bool matched = false;
    for (const auto& [utf8, ascii] : transliterations) {
      if (text.substr(i, utf8.size()) == utf8) {
        emit(ascii);
        i += utf8.size();
        matched = true;
        break;
      }
    }
    if (matched) {
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c)) {
      char lower = static_cast<char>(std::tolower(c));
      emit(std::string_view(&lower, 1));
    } else {
      pending_dash = true;
    }
    ++i;
  }
  return slug.empty() ? "unnamed" : slug;
}

} // namespace klarmeld
