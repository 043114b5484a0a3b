// Text made safe for XML-based outputs (xlsx, JUnit): valid UTF-8, no control characters XML 1.0
// forbids (XML 1.0 §2.2 Char), and bounded length (Excel cells hold at most 32,767 characters).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace klarmeld::report {

// Invalid UTF-8 becomes U+FFFD; C0 controls other than TAB and LF become a space; CR LF becomes LF.
std::string sanitize_text(std::string_view text);

// Only malformed UTF-8 replaced by U+FFFD; control characters kept (for JSON, which escapes them).
std::string valid_utf8(std::string_view text);

// At most max_bytes bytes, cut on a character boundary, "…" appended when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// Characters of valid UTF-8 text (every byte but a continuation byte, 10xxxxxx): the width a column or
// a terminal gives it, near enough for Latin text.
std::size_t count_code_points(std::string_view text);

// The distinctive part of a criterion text as a one-line title (JUnit test names).
std::string short_text(std::string_view text, std::size_t max_bytes = 100);

} // namespace klarmeld::report
