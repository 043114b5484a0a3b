#include "interfaces/rest/rest_response.hpp"

#include <cctype>

namespace klarmeld::probes {
namespace {

std::optional<std::string> xml_field(const std::string& body, const std::string& name) {
  // <TransmissionID>…</TransmissionID> or with a prefix: <ns:TransmissionID>…
  for (size_t at = body.find(name); at != std::string::npos; at = body.find(name, at + 1)) {
    if (at == 0 || at + name.size() >= body.size() || body[at + name.size()] != '>') {
      continue;
    }
    size_t open = body.rfind('<', at);
    if (open == std::string::npos || body.find_first_of(" />", open + 1) < at) {
      continue;
    }
    size_t value_begin = at + name.size() + 1;
    size_t value_end = body.find('<', value_begin);
    if (value_end != std::string::npos) {
      return body.substr(value_begin, value_end - value_begin);
    }
  }
  return std::nullopt;
}

std::optional<std::string> json_field(const std::string& body, const std::string& name) {
  std::string key = "\"" + name + "\"";
  size_t at = body.find(key);
  if (at == std::string::npos) {
    return std::nullopt;
  }
  size_t cursor = body.find_first_not_of(" \t\r\n", at + key.size());
  if (cursor == std::string::npos || body[cursor] != ':') {
    return std::nullopt;
  }
  cursor = body.find_first_not_of(" \t\r\n", cursor + 1);
  if (cursor == std::string::npos) {
    return std::nullopt;
  }
  if (body[cursor] == '"') {
    size_t end = body.find('"', cursor + 1);
    return end == std::string::npos ? std::nullopt : std::optional(body.substr(cursor + 1, end - cursor - 1));
  }
  size_t end = body.find_first_of(",}] \t\r\n", cursor);
  return body.substr(cursor, end == std::string::npos ? std::string::npos : end - cursor);
}

} // namespace

std::optional<std::string> find_field(const std::string& body, const std::string& name) {
  if (auto value = xml_field(body, name)) {
    return value;
  }
  return json_field(body, name);
}

std::optional<bool> find_result_flag(const std::string& body) {
  auto value = json_field(body, "result");
  if (value == "true") {
    return true;
  }
  if (value == "false") {
    return false;
  }
  return std::nullopt;
}

} // namespace klarmeld::probes
