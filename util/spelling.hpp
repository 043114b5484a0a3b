// The words a fixed choice is written as (a probe mode, a binding …), kept in one table next to its
// enum. Loaders turn the text into the enum once, at load time, and report a bad word with its
// file:line:col; after that the code compares enum values, never strings.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace klarmeld {

template <typename Enum> struct Spelling {
  Enum value;
  std::string_view text;
};

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> parse_spelling(const Spelling<Enum> (&table)[N], std::string_view text) {
  for (const auto& entry : table) {
    if (entry.text == text) {
      return entry.value;
    }
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
constexpr std::string_view spelling_of(const Spelling<Enum> (&table)[N], Enum value) {
  for (const auto& entry : table) {
    if (entry.value == value) {
      return entry.text;
    }
  }
  return {};
}

// The words in table order, as an error message lists them ("one of soap, rest, token_exchange").
template <typename Enum, std::size_t N> std::vector<std::string_view> spellings(const Spelling<Enum> (&table)[N]) {
  std::vector<std::string_view> words;
  words.reserve(N);
  for (const auto& entry : table) {
    words.push_back(entry.text);
  }
  return words;
}

} // namespace klarmeld
