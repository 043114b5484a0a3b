// The offending source line with a caret under the column, as compilers print it.
#pragma once

#include <string>
#include <string_view>

#include "util/error.hpp"

namespace klarmeld {

// "\n  12 | key: value\n     |      ^" read from where.file; empty if the file or line is unavailable.
std::string source_snippet(const SourceLocation& where);

// Same, from text already in memory.
std::string source_snippet(std::string_view text, int line, int column);

} // namespace klarmeld
