#include "util/error.hpp"

#include "util/source_snippet.hpp"

namespace klarmeld {

std::string SourceLocation::to_string() const {
  if (line <= 0) {
    return file;
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(column > 0 ? column : 1);
}

std::string Error::render() const {
  if (!where) {
    return message;
  }
  std::string text = where->to_string() + ": " + message;
  if (where->known()) {
    text += source_snippet(*where);
  }
  return text;
}

Error input_error(std::string code, std::string message, std::optional<SourceLocation> where) {
  return Error{ErrorKind::Input, std::move(code), std::move(message), std::move(where)};
}

Error runtime_error(std::string code, std::string message) {
  return Error{ErrorKind::Runtime, std::move(code), std::move(message), std::nullopt};
}

Error internal_error(std::string code, std::string message) {
  return Error{ErrorKind::Internal, std::move(code), std::move(message), std::nullopt};
}

} // namespace klarmeld
