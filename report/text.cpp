#include "report/text.hpp"

#include <algorithm>

namespace klarmeld::report {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";
constexpr std::string_view ellipsis = "\xE2\x80\xA6";

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629 §4), or 0 when malformed.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  unsigned int code_point = 0;
  if (byte < 0x80) {
    return 1;
  } else if (byte >= 0xC2 && byte <= 0xDF) {
    length = 2;
    code_point = byte & 0x1Fu;
  } else if (byte >= 0xE0 && byte <= 0xEF) {
    length = 3;
    code_point = byte & 0x0Fu;
  } else if (byte >= 0xF0 && byte <= 0xF4) {
    length = 4;
    code_point = byte & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if (!is_continuation(next)) {
      return 0;
    }
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
  bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  // U+FFFE and U+FFFF are not XML characters either.
  bool non_character = code_point == 0xFFFE || code_point == 0xFFFF;
  if (overlong || surrogate || non_character || code_point > 0x10FFFF) {
    return 0;
  }
  return length;
}

// Copies text sequence by sequence: a byte that starts no valid UTF-8 sequence becomes U+FFFD,
// multi-byte sequences are kept, and each single byte goes to `ascii` (text, its index, output).
template <class Ascii> std::string rebuild_utf8(std::string_view text, Ascii ascii) {
  std::string clean;
  clean.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = sequence_length(text, i);
    if (length == 0) {
      clean += replacement_character;
      ++i;
    } else if (length == 1) {
      ascii(text, i, clean);
      ++i;
    } else {
      clean.append(text.substr(i, length));
      i += length;
    }
  }
  return clean;
}

} // namespace

std::string sanitize_text(std::string_view text) {
  return rebuild_utf8(text, [](std::string_view all, std::size_t i, std::string& clean) {
    char c = all[i];
    if (c == '\r' && i + 1 < all.size() && all[i + 1] == '\n') {
      return; // CRLF becomes the LF that follows
    }
    auto byte = static_cast<unsigned char>(c);
    bool allowed = byte >= 0x20 || c == '\t' || c == '\n';
    clean += allowed && byte != 0x7F ? c : ' ';
  });
}

std::string valid_utf8(std::string_view text) {
  return rebuild_utf8(text, [](std::string_view all, std::size_t i, std::string& clean) { clean += all[i]; });
}

std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  std::size_t cut = max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  while (cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + std::string(ellipsis);
}

std::string short_text(std::string_view text, std::size_t max_bytes) {
  // Criterion texts share KOMBIT's opening ("Leverandørens løsning er klar til at anvende
  // integrationen, hvis løsningen kan …"); the clause after ", hvis " / ", if " is what tells
  // criteria apart in a one-line title.
  for (std::string_view marker : {std::string_view(", hvis "), std::string_view(", if ")}) {
    auto at = text.find(marker);
    if (at != std::string_view::npos && at + marker.size() < text.size()) {
      text.remove_prefix(at + marker.size());
      break;
    }
  }
  std::string one_line;
  for (char c : text) {
    one_line += (c == '\n' || c == '\t') ? ' ' : c;
  }
  return truncate_utf8(sanitize_text(one_line), max_bytes);
}

} // namespace klarmeld::report
