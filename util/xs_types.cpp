#include "util/xs_types.hpp"

namespace klarmeld {

std::string xs_collapse(std::string_view text) {
  std::string collapsed;
  collapsed.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !collapsed.empty();
      continue;
    }
    if (pending_space) {
      collapsed += ' ';
      pending_space = false;
    }
    collapsed += c;
  }
  return collapsed;
}

std::optional<bool> xs_boolean(std::string_view text) {
  const std::string value = xs_collapse(text);
  if (value == "true" || value == "1") {
    return true;
  }
  if (value == "false" || value == "0") {
    return false;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> xs_unsigned_short(std::string_view text) {
  std::string value = xs_collapse(text);
  if (!value.empty() && value.front() == '+') {
    value.erase(0, 1);
  }
  if (value.empty() || value.size() > 16) {
    return std::nullopt;
  }
  unsigned long number = 0;
  for (char c : value) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    number = number * 10 + static_cast<unsigned long>(c - '0');
  }
  if (number > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(number);
}

} // namespace klarmeld
