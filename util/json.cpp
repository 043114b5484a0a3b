#include "util/json.hpp"

namespace klarmeld {
namespace {

// The limits the project's JSON input has always had: answers and requests are a few kilobytes and
// a few levels deep; more is hostile or broken.
constexpr std::size_t max_json_bytes = std::size_t{1} << 20;
constexpr int max_json_depth = 64;

} // namespace

Result<Json> parse_json(std::string_view text, std::string_view what) {
  if (text.size() > max_json_bytes) {
    return input_error("json.invalid", std::string(what) + " is larger than 1 MiB");
  }
  bool too_deep = false;
  // nlohmann's parser keeps its own stack (no recursion), so depth is checked as values arrive and
  // reported once parsing ends.
  const Json::parser_callback_t depth_check = [&too_deep](int depth, Json::parse_event_t, Json&) {
    too_deep = too_deep || depth > max_json_depth;
    return true;
  };
  try {
    Json document = Json::parse(text, depth_check);
    if (too_deep) {
      return input_error("json.invalid", std::string(what) + " is nested more than 64 levels deep");
    }
    return document;
  } catch (const Json::exception& error) {
    // The library reports malformed text by exception; it stops here, at the Result boundary.
    return input_error("json.invalid", std::string(what) + " is not valid JSON: " + error.what());
  }
}

const Json* find_at(const Json& document, std::string_view pointer) {
  const Json::json_pointer path{std::string(pointer)};
  return document.contains(path) ? &document.at(path) : nullptr;
}

const Json* find_member(const Json& document, std::string_view key) {
  if (document.is_object()) {
    if (auto found = document.find(key); found != document.end()) {
      return &*found;
    }
  }
  if (document.is_structured()) {
    for (const Json& child : document) {
      if (const Json* found = find_member(child, key)) {
        return found;
      }
    }
  }
  return nullptr;
}

std::string string_at(const Json& document, std::string_view pointer) {
  const Json* value = find_at(document, pointer);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

} // namespace klarmeld
