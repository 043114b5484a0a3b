#include "util/source_snippet.hpp"

#include <fstream>
#include <sstream>

namespace klarmeld {

std::string source_snippet(std::string_view text, int line, int column) {
  if (line <= 0) {
    return {};
  }
  int current = 1;
  size_t start = 0;
  while (current < line) {
    size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      return {};
    }
    start = newline + 1;
    ++current;
  }
  size_t end = text.find('\n', start);
  std::string_view source_line = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!source_line.empty() && source_line.back() == '\r') {
    source_line.remove_suffix(1);
  }
  // A hostile file must not drive the terminal: control characters (ESC sequences …) are shown as '?'.
  std::string shown;
  for (char c : source_line) {
    unsigned char byte = static_cast<unsigned char>(c);
    shown += (byte < 0x20 && c != '\t') || byte == 0x7f ? '?' : c;
  }
  std::string number = std::to_string(line);
  std::string gutter(number.size(), ' ');
  // Tabs keep their width so the caret lines up under the same character.
  std::string pad;
  for (int i = 0; i + 1 < column && static_cast<size_t>(i) < source_line.size(); ++i) {
    pad += source_line[static_cast<size_t>(i)] == '\t' ? '\t' : ' ';
  }
  std::ostringstream out;
  out << "\n " << number << " | " << shown << "\n " << gutter << " | " << pad << '^';
  return out.str();
}

std::string source_snippet(const SourceLocation& where) {
  std::ifstream in(where.file, std::ios::binary);
  if (!in) {
    return {};
  }
  std::ostringstream content;
  content << in.rdbuf();
  return source_snippet(content.str(), where.line, where.column);
}

} // namespace klarmeld
