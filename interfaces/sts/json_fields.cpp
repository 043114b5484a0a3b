#include "interfaces/sts/json_fields.hpp"

#include <cctype>

#include "util/json_value.hpp"

namespace klarmeld::sts {
namespace {

// Depth first: the answers are flat objects, but a member nested one level down (a wrapper object)
// is still found.
const JsonValue* find_member(const JsonValue& value, const std::string& key) {
  if (value.kind == JsonValue::Kind::Object) {
    if (auto found = value.members.find(key); found != value.members.end()) {
      return &found->second;
    }
  }
  const auto visit = [&key](const JsonValue& child) { return find_member(child, key); };
  for (const auto& [name, member] : value.members) {
    if (const JsonValue* found = visit(member)) {
      return found;
    }
  }
  for (const auto& item : value.items) {
    if (const JsonValue* found = visit(item)) {
      return found;
    }
  }
  return nullptr;
}

std::optional<JsonValue> field(std::string_view json, std::string_view key) {
  auto document = parse_json(std::string(json));
  if (!document) {
    return std::nullopt;
  }
  const JsonValue* found = find_member(*document, std::string(key));
  return found == nullptr ? std::nullopt : std::optional<JsonValue>(*found);
}

bool is_integer(const std::string& digits) {
  if (digits.empty() || digits.size() > 18) {
    return false;
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(digits[i])) && !(i == 0 && digits[i] == '-' && digits.size() > 1)) {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<std::string> json_string_field(std::string_view json, std::string_view key) {
  auto value = field(json, key);
  if (!value || value->kind != JsonValue::Kind::String) {
    return std::nullopt;
  }
  return value->text;
}

std::optional<long long> json_integer_field(std::string_view json, std::string_view key) {
  auto value = field(json, key);
  if (!value || (value->kind != JsonValue::Kind::Number && value->kind != JsonValue::Kind::String) ||
      !is_integer(value->text)) {
    return std::nullopt;
  }
  return std::stoll(value->text);
}

std::string json_quote(std::string_view text) {
  return "\"" + json_escape(std::string(text)) + "\"";
}

} // namespace klarmeld::sts
