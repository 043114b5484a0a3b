#include "engine/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

namespace klarmeld::engine {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' || c == ':';
}

// ASCII lower case: what std::tolower does in the "C" locale klarmeld runs in (no setlocale anywhere),
// without a library call per character.
std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    // Branch-free, so the compiler vectorises it: 'A'..'Z' gain 0x20, nothing else changes.
    c = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 'a' - 'A' : 0));
  }
  return result;
}

// XML elements whose whole content is secret, by local name.
constexpr std::array<std::string_view, 5> secret_elements = {"Assertion", "EncryptedAssertion", "Password",
                                                             "BinarySecret", "access_token"};
// JSON members / form fields whose value is secret (compared case-insensitively).
constexpr std::array<std::string_view, 8> secret_keys = {"access_token", "refresh_token", "id_token",      "assertion",
                                                         "saml-token",   "password",      "client_secret", "token"};

std::string_view local_name(std::string_view qualified) {
  auto colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

// Every pass below runs over every recorded exchange, and most have nothing (or one assertion) to
// replace: a pass copies the text before a replacement only when it makes one, and hands its input
// on untouched when it makes none.
class Rewrite {
public:
  explicit Rewrite(std::string_view text) : m_text(text) {}
  // text[from, to) becomes replacement; calls come in text order.
  void replace(size_t from, size_t to, std::string_view replacement) {
    m_out.append(m_text.substr(m_copied, from - m_copied));
    m_out.append(replacement);
    m_copied = to;
    m_changed = true;
  }
  bool changed() const { return m_changed; }
  std::string finish() {
    m_out.append(m_text.substr(std::min(m_copied, m_text.size())));
    return std::move(m_out);
  }

private:
  std::string_view m_text;
  std::string m_out;
  size_t m_copied = 0;
  bool m_changed = false;
};

// <p:Assertion …>…</p:Assertion> → hmac-sha256:…
std::string redact_elements(std::string_view text, const crypto::KeyedDigest& key) {
  Rewrite rewrite(text);
  size_t position = 0;
  while (position < text.size()) {
    size_t open = text.find('<', position);
    if (open == std::string_view::npos || open + 1 >= text.size() || text[open + 1] == '/') {
      position = open == std::string_view::npos ? text.size() : open + 1;
      continue;
    }
    size_t name_end = open + 1;
    while (name_end < text.size() && is_name_char(text[name_end])) {
      ++name_end;
    }
    std::string_view name = text.substr(open + 1, name_end - open - 1);
    bool secret = std::find(secret_elements.begin(), secret_elements.end(), local_name(name)) != secret_elements.end();
    size_t close = secret ? text.find("</" + std::string(name), name_end) : std::string_view::npos;
    size_t close_end = close == std::string_view::npos ? close : text.find('>', close);
    if (!secret || close_end == std::string_view::npos) {
      position = name_end;
      continue;
    }
    rewrite.replace(open, close_end + 1,
                    "<" + std::string(name) + ">" + secret_digest(text.substr(open, close_end + 1 - open), key) + "</" +
                        std::string(name) + ">");
    position = close_end + 1;
  }
  return rewrite.changed() ? rewrite.finish() : std::string(text);
}

// The first occurrence of secret_keys[k] at or after `from`, as std::string::find gives it. glibc's
// memmem is used because it is the fastest here: std::string::find calls memchr and memcmp once per
// occurrence of the key's first letter, and a Boyer-Moore-Horspool searcher halves the instructions
// but not the time (its table lookups branch unpredictably); measured over one rollout's 9,512
// recorded texts, docs/performance.md §6 "Session 16".
size_t find_key(const std::string& lowered, size_t k, size_t from) {
  if (from > lowered.size()) {
    return std::string::npos;
  }
  const void* found =
      memmem(lowered.data() + from, lowered.size() - from, secret_keys[k].data(), secret_keys[k].size());
  return found == nullptr ? std::string::npos : static_cast<size_t>(static_cast<const char*>(found) - lowered.data());
}

// "key": "value" (JSON) and key=value (forms, query strings).
std::string redact_key_values(std::string text, const crypto::KeyedDigest& key) {
  Rewrite rewrite(text);
  std::string lowered = lower(text);
  size_t position = 0;
  // Where each key occurs next; a key is searched again only once the cursor has passed it, so a text
  // full of "…Token" names is scanned once per key, not once per match.
  std::array<size_t, secret_keys.size()> next{};
  for (size_t k = 0; k < secret_keys.size(); ++k) {
    next[k] = find_key(lowered, k, 0);
  }
  while (position < text.size()) {
    size_t best = std::string::npos;
    std::string_view best_key;
    for (size_t k = 0; k < secret_keys.size(); ++k) {
      if (next[k] != std::string::npos && next[k] < position) {
        next[k] = find_key(lowered, k, position);
      }
      if (next[k] < best) {
        best = next[k];
        best_key = secret_keys[k];
      }
    }
    if (best == std::string::npos) {
      break;
    }
    size_t after = best + best_key.size();
    bool starts_word = best == 0 || !is_name_char(text[best - 1]) || text[best - 1] == '"';
    size_t cursor = after;
    bool quoted_key = cursor < text.size() && text[cursor] == '"';
    if (quoted_key) {
      ++cursor;
    }
    while (cursor < text.size() && (text[cursor] == ' ' || text[cursor] == '\t')) {
      ++cursor;
    }
    char separator = cursor < text.size() ? text[cursor] : '\0';
    bool json = quoted_key && separator == ':';
    bool form = !quoted_key && separator == '=';
    if (!starts_word || (!json && !form)) {
      position = after;
      continue;
    }
    ++cursor;
    while (json && cursor < text.size() && (text[cursor] == ' ' || text[cursor] == '\t')) {
      ++cursor;
    }
    size_t value_begin = cursor;
    size_t value_end = cursor;
    if (json && cursor < text.size() && text[cursor] == '"') {
      value_begin = cursor + 1;
      value_end = value_begin;
      while (value_end < text.size() && text[value_end] != '"') {
        value_end += text[value_end] == '\\' ? 2 : 1;
      }
      value_end = std::min(value_end, text.size());
    } else if (form) {
      while (value_end < text.size() && text[value_end] != '&' &&
             !std::isspace(static_cast<unsigned char>(text[value_end]))) {
        ++value_end;
      }
    } else {
      position = cursor;
      continue;
    }
    if (value_end > value_begin) {
      rewrite.replace(value_begin, value_end,
                      secret_digest(std::string_view(text).substr(value_begin, value_end - value_begin), key));
    }
    position = value_end;
  }
  return rewrite.changed() ? rewrite.finish() : std::move(text);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// Authorization: <scheme> <credentials> — the scheme stays readable.
std::string redact_authorization(std::string text, const crypto::KeyedDigest& key) {
  Rewrite rewrite(text);
  size_t position = 0;
  while (position < text.size()) {
    size_t line_end = text.find('\n', position);
    size_t end = line_end == std::string::npos ? text.size() : line_end;
    std::string_view line(text.data() + position, end - position);
    if (starts_with_ignoring_case(line, "authorization:") || starts_with_ignoring_case(line, "proxy-authorization:")) {
      size_t value = line.find(':') + 1;
      while (value < line.size() && line[value] == ' ') {
        ++value;
      }
      size_t credentials = line.find(' ', value);
      if (credentials == std::string::npos) {
        credentials = value;
      } else {
        ++credentials;
      }
      size_t credentials_end = line.size();
      if (credentials_end > credentials && line[credentials_end - 1] == '\r') {
        --credentials_end;
      }
      rewrite.replace(position + credentials, position + credentials_end,
                      secret_digest(line.substr(credentials, credentials_end - credentials), key));
    }
    position = end + 1;
  }
  return rewrite.changed() ? rewrite.finish() : std::move(text);
}

// A CPR number is DDMMYY-SSSS or DDMMYYSSSS with a plausible date (so 10-digit timestamps stay).
bool plausible_cpr(std::string_view digits) {
  int day = (digits[0] - '0') * 10 + (digits[1] - '0');
  int month = (digits[2] - '0') * 10 + (digits[3] - '0');
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

// Where the CPR pass has something to look at: a digit, or an earlier digest's first letter.
size_t next_cpr_candidate(const std::string& text, size_t position) {
  static constexpr std::array<bool, 256> candidate = [] {
    std::array<bool, 256> table{};
    for (char c = '0'; c <= '9'; ++c) {
      table[static_cast<unsigned char>(c)] = true;
    }
    table[static_cast<unsigned char>(secret_digest_prefix.front())] = true;
    return table;
  }();
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* found =
      std::find_if(begin + position, end, [](char c) { return candidate[static_cast<unsigned char>(c)]; });
  return static_cast<size_t>(found - begin);
}

std::string redact_cpr(std::string text, const crypto::KeyedDigest& key) {
  Rewrite rewrite(text);
  size_t position = 0;
  while (position < text.size()) {
    // Only a digit or an earlier digest's first letter can start anything below.
    position = next_cpr_candidate(text, position);
    if (position == text.size()) {
      break;
    }
    if (text[position] == secret_digest_prefix.front() && position + 1 < text.size() &&
        text[position + 1] == secret_digest_prefix[1] &&
        text.compare(position, secret_digest_prefix.size(), secret_digest_prefix) == 0) {
      // An earlier digest: its hex is not a CPR number.
      position = std::min(text.size(), position + secret_digest_prefix.size() + 64);
      continue;
    }
    if (!is_digit(text[position]) || (position > 0 && is_alnum(text[position - 1]))) {
      ++position;
      continue;
    }
    size_t end = position;
    while (end < text.size() && is_digit(text[end])) {
      ++end;
    }
    size_t digits = end - position;
    size_t match_end = end;
    if (digits == 6 && end + 5 <= text.size() && text[end] == '-' &&
        std::all_of(text.begin() + static_cast<long>(end) + 1, text.begin() + static_cast<long>(end) + 5, is_digit) &&
        (end + 5 == text.size() || !is_digit(text[end + 5]))) {
      digits += 4;
      match_end = end + 5;
    }
    bool bounded = match_end == text.size() || !is_alnum(text[match_end]);
    if (digits == 10 && bounded && plausible_cpr(std::string_view(text).substr(position, 4))) {
      rewrite.replace(position, match_end,
                      secret_digest(std::string_view(text).substr(position, match_end - position), key));
    }
    position = match_end;
  }
  return rewrite.changed() ? rewrite.finish() : std::move(text);
}

} // namespace

std::string secret_digest(std::string_view secret, const crypto::KeyedDigest& key) {
  return std::string(secret_digest_prefix) + key.hex(secret);
}

std::string redact_secrets(std::string_view text, const crypto::KeyedDigest& key) {
  // Whole elements first, so an assertion is digested as one piece before its parts are touched.
  return redact_cpr(redact_authorization(redact_key_values(redact_elements(text, key), key), key), key);
}

} // namespace klarmeld::engine
