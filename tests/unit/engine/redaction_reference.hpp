// The redaction as it was up to session 16 (engine/redaction.cpp at e5efdc5: four passes, each
// building a new text), kept as the reference the current one must match byte for byte
// (test_redaction.cpp). Not used by klarmeld.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "engine/redaction.hpp"

namespace klarmeld::redaction_reference {
namespace detail {

inline bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
inline bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
inline bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' || c == ':';
}

inline std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// XML elements whose whole content is secret, by local name.
constexpr std::array<std::string_view, 5> secret_elements = {"Assertion", "EncryptedAssertion", "Password",
                                                             "BinarySecret", "access_token"};
// JSON members / form fields whose value is secret (compared case-insensitively).
constexpr std::array<std::string_view, 8> secret_keys = {"access_token", "refresh_token", "id_token",      "assertion",
                                                         "saml-token",   "password",      "client_secret", "token"};

inline std::string_view local_name(std::string_view qualified) {
  auto colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

// <p:Assertion …>…</p:Assertion> → hmac-sha256:…
inline std::string redact_elements(std::string_view text, const crypto::KeyedDigest& key) {
  std::string out;
  size_t position = 0;
  while (position < text.size()) {
    size_t open = text.find('<', position);
    if (open == std::string_view::npos || open + 1 >= text.size() || text[open + 1] == '/') {
      size_t until = open == std::string_view::npos ? text.size() : open + 1;
      out.append(text.substr(position, until - position));
      position = until;
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
      out.append(text.substr(position, name_end - position));
      position = name_end;
      continue;
    }
    out.append(text.substr(position, open - position));
    out += "<" + std::string(name) + ">" + engine::secret_digest(text.substr(open, close_end + 1 - open), key) + "</" +
           std::string(name) + ">";
    position = close_end + 1;
  }
  return out;
}

// "key": "value" (JSON) and key=value (forms, query strings).
inline std::string redact_key_values(const std::string& text, const crypto::KeyedDigest& key) {
  std::string out;
  std::string lowered = lower(text);
  size_t position = 0;
  // Where each key occurs next; a key is searched again only once the cursor has passed it, so a text
  // full of "…Token" names is scanned once per key, not once per match.
  std::array<size_t, secret_keys.size()> next{};
  for (size_t k = 0; k < secret_keys.size(); ++k) {
    next[k] = lowered.find(secret_keys[k]);
  }
  while (position < text.size()) {
    size_t best = std::string::npos;
    std::string_view best_key;
    for (size_t k = 0; k < secret_keys.size(); ++k) {
      if (next[k] != std::string::npos && next[k] < position) {
        next[k] = lowered.find(secret_keys[k], position);
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
      out.append(text, position, after - position);
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
      out.append(text, position, cursor - position);
      position = cursor;
      continue;
    }
    out.append(text, position, value_begin - position);
    if (value_end > value_begin) {
      out += engine::secret_digest(std::string_view(text).substr(value_begin, value_end - value_begin), key);
    }
    position = value_end;
  }
  out.append(text, std::min(position, text.size()), std::string::npos);
  return out;
}

inline bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// Authorization: <scheme> <credentials> — the scheme stays readable. Lines are copied whole unless
// they are such a header (every recorded exchange passes here: no copy per line).
inline std::string redact_authorization(const std::string& text, const crypto::KeyedDigest& key) {
  std::string out;
  out.reserve(text.size());
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
      out.append(line.substr(0, credentials));
      out += engine::secret_digest(line.substr(credentials, credentials_end - credentials), key);
      out.append(line.substr(credentials_end));
    } else {
      out.append(line);
    }
    if (line_end != std::string::npos) {
      out += '\n';
    }
    position = end + 1;
  }
  return out;
}

// A CPR number is DDMMYY-SSSS or DDMMYYSSSS with a plausible date (so 10-digit timestamps stay).
inline bool plausible_cpr(std::string_view digits) {
  int day = (digits[0] - '0') * 10 + (digits[1] - '0');
  int month = (digits[2] - '0') * 10 + (digits[3] - '0');
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

// Where the CPR pass has something to look at: a digit, or an earlier digest's first letter.
inline size_t next_cpr_candidate(const std::string& text, size_t position) {
  while (position < text.size() && !is_digit(text[position]) &&
         text[position] != engine::secret_digest_prefix.front()) {
    ++position;
  }
  return position;
}

inline std::string redact_cpr(const std::string& text, const crypto::KeyedDigest& key) {
  std::string out;
  out.reserve(text.size());
  size_t position = 0;
  while (position < text.size()) {
    // Only a digit or an earlier digest's first letter can start anything below: copy the stretch
    // before the next one whole (this pass runs over every recorded exchange).
    size_t candidate = next_cpr_candidate(text, position);
    out.append(text, position, candidate - position);
    position = candidate;
    if (position == text.size()) {
      break;
    }
    if (text[position] == engine::secret_digest_prefix.front() &&
        text.compare(position, engine::secret_digest_prefix.size(), engine::secret_digest_prefix) == 0) {
      // An earlier digest: its hex is not a CPR number.
      size_t digest_end = std::min(text.size(), position + engine::secret_digest_prefix.size() + 64);
      out.append(text, position, digest_end - position);
      position = digest_end;
      continue;
    }
    if (!is_digit(text[position]) || (position > 0 && is_alnum(text[position - 1]))) {
      out += text[position++];
      continue;
    }
    size_t end = position;
    while (end < text.size() && is_digit(text[end])) {
      ++end;
    }
    std::string digits = text.substr(position, end - position);
    size_t match_end = end;
    if (digits.size() == 6 && end + 5 <= text.size() && text[end] == '-' &&
        std::all_of(text.begin() + static_cast<long>(end) + 1, text.begin() + static_cast<long>(end) + 5, is_digit) &&
        (end + 5 == text.size() || !is_digit(text[end + 5]))) {
      digits += text.substr(end + 1, 4);
      match_end = end + 5;
    }
    bool bounded = match_end == text.size() || !is_alnum(text[match_end]);
    if (digits.size() == 10 && bounded && plausible_cpr(digits)) {
      out += engine::secret_digest(text.substr(position, match_end - position), key);
    } else {
      out.append(text, position, match_end - position);
    }
    position = match_end;
  }
  return out;
}

} // namespace detail

inline std::string redact_secrets(std::string_view text, const crypto::KeyedDigest& key) {
  using namespace detail;
  return redact_cpr(redact_authorization(redact_key_values(redact_elements(text, key), key), key), key);
}

} // namespace klarmeld::redaction_reference
