#include <algorithm>
#include <cctype>

#include "interfaces/http/http_client.hpp"

namespace klarmeld::http {
namespace {

bool equal_ignoring_case(const std::string& left, const std::string& right) {
  return left.size() == right.size() && std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

} // namespace

std::string Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (equal_ignoring_case(key, name)) {
      return value;
    }
  }
  return {};
}

} // namespace klarmeld::http
