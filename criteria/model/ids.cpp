#include "criteria/model/ids.hpp"

namespace klarmeld::criteria {
namespace {
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
} // namespace

bool is_interface_id(std::string_view id) {
  if (id.size() != 6 && id.size() != 8) {
    return false;
  }
  if (!(id.substr(0, 2) == "SF" || id.substr(0, 2) == "CE")) {
    return false;
  }
  for (size_t i = 2; i < 6; ++i) {
    if (!is_digit(id[i])) {
      return false;
    }
  }
  return id.size() == 6 || (id[6] == '_' && id[7] >= 'A' && id[7] <= 'Z');
}

std::optional<int> criterion_number(std::string_view criterion_id, std::string_view interface_id) {
  if (criterion_id.size() <= interface_id.size() + 1 || criterion_id.substr(0, interface_id.size()) != interface_id ||
      criterion_id[interface_id.size()] != '.') {
    return std::nullopt;
  }
  std::string_view digits = criterion_id.substr(interface_id.size() + 1);
  if (digits.size() > 4 || digits[0] == '0') {
    return std::nullopt;
  }
  int number = 0;
  for (char c : digits) {
    if (!is_digit(c)) {
      return std::nullopt;
    }
    number = number * 10 + (c - '0');
  }
  return number;
}

std::string_view interface_of(std::string_view criterion_id) {
  size_t dot = criterion_id.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : criterion_id.substr(0, dot);
}

} // namespace klarmeld::criteria
