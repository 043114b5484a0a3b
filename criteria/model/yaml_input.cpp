#include "criteria/model/yaml_input.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <system_error>

#include <yaml-cpp/eventhandler.h>

#include "util/files.hpp"

namespace klarmeld::yaml_input {
namespace {

// Records where each document starts, and nothing else: enough to count documents safely.
struct DocumentStarts final : YAML::EventHandler {
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Offset of the first byte that is not part of well-formed UTF-8 (or is NUL), npos if none.
// Binary files are refused here so no garbage reaches the terminal through a snippet.
size_t first_invalid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0) {
      return i;
    }
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || (length == 2 && byte < 0xC2) || i + length > text.size()) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return i;
      }
    }
    i += length;
  }
  return std::string_view::npos;
}

SourceLocation location_of_offset(const std::string& file, std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return SourceLocation{file, line, static_cast<int>(offset - line_start) + 1};
}

// yaml-cpp's message for a tab in indentation is often a consequence ("end of map not found") far from
// the tab; when parsing failed and a line is indented with a tab, that is almost surely the cause.
size_t first_indenting_tab(std::string_view text) {
  bool at_line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      at_line_start = true;
    } else if (at_line_start && text[i] == '\t') {
      return i;
    } else if (text[i] != ' ') {
      at_line_start = false;
    }
  }
  return std::string_view::npos;
}

std::string hex_byte(char c) {
  constexpr char digits[] = "0123456789ABCDEF";
  auto byte = static_cast<unsigned char>(c);
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0xF];
}

// Parser messages may quote the offending character; keep only printable ASCII.
std::string printable(std::string_view message) {
  std::string out;
  for (char c : message) {
    if (c >= 0x20 && c < 0x7F) {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ':')) {
    out.pop_back();
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A typo gets a hint: the closest allowed key within two edits.
std::string suggestion(std::string_view key, std::span<const KeyRule> rules) {
  std::string_view best;
  size_t best_distance = 3;
  for (const auto& rule : rules) {
    if (rule.hidden) {
      continue;
    }
    size_t distance = edit_distance(key, rule.name);
    if (distance < best_distance) {
      best_distance = distance;
      best = rule.name;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

// A second document needs a marker at the start of a line ("---" or "..."). Without one the text is
// one document and a single Load reads it; with one the event parser counts the documents first.
bool may_hold_several_documents(std::string_view text) {
  for (size_t line = 0; line < text.size(); line = text.find('\n', line) + 1) {
    std::string_view rest = text.substr(line);
    if ((rest.starts_with("---") || rest.starts_with("...")) &&
        (rest.size() == 3 || rest[3] == ' ' || rest[3] == '\t' || rest[3] == '\r' || rest[3] == '\n')) {
      return true;
    }
    if (text.find('\n', line) == std::string_view::npos) {
      break;
    }
  }
  return false;
}

} // namespace

Result<Document> parse_file(const std::string& path, std::string_view code_prefix) {
  std::string prefix(code_prefix);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return input_error(prefix + ".missing-file", "file not found", SourceLocation{path, 0, 0});
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    return input_error(prefix + ".not-a-file", "not a regular file", SourceLocation{path, 0, 0});
  }
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_file_bytes) {
    return input_error(prefix + ".too-large",
                       "file is " + std::to_string(size) + " bytes; at most " + std::to_string(max_file_bytes) +
                           " are accepted",
                       SourceLocation{path, 0, 0});
  }
  TRY_ASSIGN(std::string text, read_file(path));
  // Reported without a snippet on purpose: echoing the line would send the binary bytes to the terminal.
  if (size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    SourceLocation at = location_of_offset(path, text, bad);
    return input_error(prefix + ".not-text",
                       "not UTF-8 text (binary file?): byte " + hex_byte(text[bad]) + " at line " +
                           std::to_string(at.line) + ", column " + std::to_string(at.column),
                       SourceLocation{path, 0, 0});
  }
  try {
    // Load alone silently drops everything after a second `---` (keys nobody checks), and LoadAll
    // loops forever on input such as "," (yaml-cpp 0.7, upstream issue 1040, found by our fuzzer).
    // So: count at most two documents with the event parser, refuse a parser that does not advance,
    // then Load the one document.
    if (!may_hold_several_documents(text)) {
      // Parsing twice was most of a catalog load. An empty answer may also be a parser that could
      // not advance (","): that case takes the careful path below, which tells the two apart.
      if (YAML::Node node = YAML::Load(text); !node.IsNull()) {
        return Document{path, node};
      }
    }
    DocumentStarts starts;
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    for (int document = 0; document < 2 && parser.HandleNextDocument(starts); ++document) {
    }
    if (starts.marks.size() > 1) {
      if (starts.marks[1].pos == starts.marks[0].pos) {
        return input_error(prefix + ".malformed-yaml", "malformed YAML: the parser cannot read past this point",
                           location(path, starts.marks[0]));
      }
      return input_error(prefix + ".several-documents",
                         "the file holds several YAML documents (separated by ---); expected exactly one",
                         location(path, starts.marks[1]));
    }
    return Document{path, starts.marks.empty() ? YAML::Node() : YAML::Load(text)};
  } catch (const YAML::Exception& error) {
    if (size_t tab = first_indenting_tab(text); tab != std::string_view::npos) {
      return input_error(prefix + ".malformed-yaml", "malformed YAML: a tab is used for indentation; use spaces",
                         location_of_offset(path, text, tab));
    }
    return input_error(prefix + ".malformed-yaml", "malformed YAML: " + printable(error.msg),
                       location(path, error.mark));
  } catch (const std::exception& error) {
    return input_error(prefix + ".malformed-yaml", std::string("malformed YAML: ") + printable(error.what()),
                       SourceLocation{path, 0, 0});
  }
}

SourceLocation location(const std::string& file, const YAML::Mark& mark) {
  if (mark.line < 0) {
    return SourceLocation{file, 0, 0};
  }
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Map:
    return "a map";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Scalar:
    return "'" + node.Scalar() + "'";
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined:
    return "nothing";
  }
  return "nothing";
}

const Entry* MapView::find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

std::string join(std::span<const std::string_view> words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) {
      out += separator;
    }
    out += word;
  }
  return out;
}

Checker::Checker(std::string file, std::string code_prefix)
    : m_file(std::move(file)), m_prefix(std::move(code_prefix)) {}

std::string Checker::code(std::string_view suffix) const {
  return m_prefix + "." + std::string(suffix);
}

SourceLocation Checker::at(const Entry& entry) const {
  if (entry.value.IsNull() || entry.value.Mark().line < 0) {
    return at(entry.key_node.Mark());
  }
  return at(entry.value.Mark());
}

void Checker::report(std::string_view error_code, std::string message, SourceLocation where) {
  m_findings.push_back(input_error(code(error_code), std::move(message), std::move(where)));
}

std::optional<MapView> Checker::open_map(const YAML::Node& node, const YAML::Mark& fallback, std::string_view what) {
  if (node.IsNull() || !node.IsDefined()) {
    report("wrong-type", std::string(what) + " is empty; expected a map", at(fallback));
    return std::nullopt;
  }
  if (!node.IsMap()) {
    YAML::Mark mark = node.Mark().line >= 0 && !node.IsNull() ? node.Mark() : fallback;
    report("wrong-type", std::string(what) + " must be a map, got " + describe(node), at(mark));
    return std::nullopt;
  }
  MapView view;
  view.mark = node.Mark();
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      report("wrong-type", "keys in " + std::string(what) + " must be plain names, got " + describe(it->first),
             at(it->first.Mark()));
      continue;
    }
    std::string key = it->first.Scalar();
    if (const Entry* first = view.find(key)) {
      report("duplicate-key",
             "duplicate key '" + key + "' in " + std::string(what) + " (first at line " +
                 std::to_string(first->key_node.Mark().line + 1) + ")",
             at(it->first.Mark()));
      continue;
    }
    view.entries.push_back(Entry{key, it->first, it->second});
  }
  return view;
}

std::optional<MapView> Checker::map(const YAML::Node& node, const YAML::Mark& fallback, std::string_view what,
                                    std::span<const KeyRule> rules) {
  auto view = open_map(node, fallback, what);
  if (!view) {
    return std::nullopt;
  }
  std::vector<std::string_view> allowed;
  for (const auto& rule : rules) {
    if (!rule.hidden) {
      allowed.push_back(rule.name);
    }
  }
  for (const auto& entry : view->entries) {
    bool known = std::any_of(rules.begin(), rules.end(), [&](const KeyRule& rule) { return rule.name == entry.key; });
    if (!known) {
      report("unknown-key",
             "unknown key '" + entry.key + "' in " + std::string(what) + suggestion(entry.key, rules) +
                 "; allowed: " + join(allowed),
             at(entry.key_node.Mark()));
    }
  }
  for (const auto& rule : rules) {
    if (rule.required && !view->find(rule.name)) {
      report("missing-key", "missing required key '" + std::string(rule.name) + "' in " + std::string(what),
             at(view->mark));
    }
  }
  return view;
}

bool Checker::sequence(const Entry& entry) {
  if (!entry.value.IsSequence()) {
    report("wrong-type", "'" + entry.key + "' must be a list, got " + describe(entry.value), at(entry));
    return false;
  }
  return true;
}

std::optional<std::string> Checker::scalar_value(const Entry& entry) {
  if (!entry.value.IsScalar()) {
    report("wrong-type", "'" + entry.key + "' must be a text value, got " + describe(entry.value), at(entry));
    return std::nullopt;
  }
  const std::string& value = entry.value.Scalar();
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    report("empty-value", "'" + entry.key + "' must not be empty", at(entry));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Checker::text(const MapView& map, std::string_view key) {
  const Entry* entry = map.find(key);
  if (!entry) {
    return std::nullopt;
  }
  return scalar_value(*entry);
}

std::optional<bool> Checker::flag(const MapView& map, std::string_view key) {
  const Entry* entry = map.find(key);
  if (!entry) {
    return std::nullopt;
  }
  // Only true/false: YAML 1.1's yes/no/on/off are exactly the kind of surprise a checklist must not have.
  if (entry->value.IsScalar() && (entry->value.Scalar() == "true" || entry->value.Scalar() == "false")) {
    return entry->value.Scalar() == "true";
  }
  report("wrong-type", "'" + entry->key + "' must be true or false, got " + describe(entry->value), at(*entry));
  return std::nullopt;
}

std::optional<std::string> Checker::word(const MapView& map, std::string_view key,
                                         std::span<const std::string_view> allowed) {
  auto value = text(map, key);
  if (!value) {
    return std::nullopt;
  }
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    report("bad-value", "'" + std::string(key) + "' must be one of " + join(allowed) + "; got '" + *value + "'",
           at(*map.find(key)));
    return std::nullopt;
  }
  return value;
}

} // namespace klarmeld::yaml_input
