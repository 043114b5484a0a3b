// Strict reading of user-written YAML (the catalog and profiles): every problem becomes an Error with
// file:line:col, never an exception. yaml-cpp is lenient where we must not be (it keeps duplicate keys,
// it accepts any key), so maps are checked here: type, duplicates, unknown keys, missing keys.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "util/result.hpp"

namespace klarmeld::yaml_input {

// Files larger than this are refused before parsing: no catalog or profile comes near it.
inline constexpr std::uintmax_t max_file_bytes = 4u << 20;

struct Document {
  std::string path;
  YAML::Node root; // Null for an empty file
};

// Reads and parses one file. Errors: unreadable, too large, not UTF-8 text, malformed YAML (with the
// parser's position). `code_prefix` is "criteria" or "profile".
Result<Document> parse_file(const std::string& path, std::string_view code_prefix);

// 1-based location from a 0-based yaml-cpp mark.
SourceLocation location(const std::string& file, const YAML::Mark& mark);

// "a map", "a list", "a string", "nothing" — for "expected X, got Y" messages.
std::string describe(const YAML::Node& node);

struct KeyRule {
  std::string_view name;
  bool required = false;
  bool hidden = false; // accepted but not listed as allowed: the caller explains it (e.g. `password`)
};

struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// A checked map: its entries in file order (no duplicates left).
struct MapView {
  std::vector<Entry> entries;
  YAML::Mark mark;
  const Entry* find(std::string_view key) const;
};

// Collects findings for one file; every check reports and keeps going, so lint sees them all.
class Checker {
public:
  Checker(std::string file, std::string code_prefix);

  const std::string& file() const { return m_file; }
  SourceLocation at(const YAML::Mark& mark) const { return location(m_file, mark); }
  // Where an entry's value is; a missing value (`key:`) has no useful mark of its own, so the key's.
  SourceLocation at(const Entry& entry) const;

  void report(std::string_view code, std::string message, SourceLocation where);

  // A map with any keys (ids, option names): checks the type and duplicate keys.
  std::optional<MapView> open_map(const YAML::Node& node, const YAML::Mark& fallback, std::string_view what);
  // A map with a fixed schema: also unknown keys (naming the allowed ones) and missing required keys.
  std::optional<MapView> map(const YAML::Node& node, const YAML::Mark& fallback, std::string_view what,
                             std::span<const KeyRule> rules);
  // A list; reports anything else.
  bool sequence(const Entry& entry);

  // Scalars of a checked map. Absent keys give nullopt silently (map() already reported required ones).
  std::optional<std::string> text(const MapView& map, std::string_view key);
  std::optional<std::string> scalar_value(const Entry& entry); // non-empty scalar, else reported
  std::optional<bool> flag(const MapView& map, std::string_view key);
  std::optional<std::string> word(const MapView& map, std::string_view key, std::span<const std::string_view> allowed);

  bool clean() const { return m_findings.empty(); }
  const std::vector<Error>& findings() const { return m_findings; }
  std::vector<Error> take() { return std::move(m_findings); }

private:
  std::string code(std::string_view suffix) const;

  std::string m_file;
  std::string m_prefix;
  std::vector<Error> m_findings;
};

// "a, b, c" — for the allowed-values part of messages.
std::string join(std::span<const std::string_view> words, std::string_view separator = ", ");

} // namespace klarmeld::yaml_input
