// Errors with a stable code and, for input files, the precise place (1-based line/column).
#pragma once

#include <optional>
#include <string>

namespace klarmeld {

// Where in a user's file something went wrong. Lines and columns are 1-based, 0 = unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  // "file:line:col" (or just "file" when the position is unknown).
  std::string to_string() const;
};

enum class ErrorKind {
  Input,    // a file or option the user gave is wrong: exit 2
  Usage,    // command-line misuse: exit 2
  Runtime,  // the run could not proceed (environment, credentials): exit 3
  Internal, // a bug or library failure
};

struct Error {
  ErrorKind kind = ErrorKind::Input;
  std::string code;    // stable identifier, e.g. "criteria.unknown-key"
  std::string message; // one line, no trailing period, no location prefix
  std::optional<SourceLocation> where;

  // "file:line:col: message" followed, when the file is readable, by the source line and a caret.
  std::string render() const;
};

Error input_error(std::string code, std::string message, std::optional<SourceLocation> where = {});
Error runtime_error(std::string code, std::string message);
Error internal_error(std::string code, std::string message);

} // namespace klarmeld
