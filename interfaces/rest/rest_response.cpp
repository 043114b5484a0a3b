#include "interfaces/rest/rest_response.hpp"

#include "util/json.hpp"
#include "util/xs_types.hpp"

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

// The member's value as text: a string's content, or the literal of a number, boolean or null. Only a
// well-formed JSON answer has members (util/json); anything else has none.
std::optional<std::string> json_field(const std::string& body, const std::string& name) {
  auto document = parse_json(body, "the answer");
  const Json* value = document ? find_member(*document, name) : nullptr;
  if (value == nullptr || value->is_structured()) {
    return std::nullopt;
  }
  return value->is_string() ? value->get<std::string>() : value->dump();
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

std::optional<bool> find_kombi_result(const std::string& body) {
  auto value = find_field(body, "Result");
  if (!value) {
    return std::nullopt;
  }
  return xs_boolean(*value);
}

} // namespace klarmeld::probes
