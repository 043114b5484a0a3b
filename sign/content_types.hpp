// [Content_Types].xml (ECMA-376-2 §10.1.2): the content type of every part, by Override or extension Default.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::sign {

class ContentTypes {
public:
  static Result<ContentTypes> parse(std::string_view xml, const std::string& origin);

  // Part name with or without the leading '/'; Override wins over Default (§10.1.2.4), both case-insensitive.
  std::optional<std::string> type_of(std::string_view part_name) const;
  void set_default(const std::string& extension, const std::string& content_type);
  void set_override(const std::string& part_name, const std::string& content_type); // part_name with leading '/'
  bool remove_override(std::string_view part_name);
  // Written without whitespace between elements, the way office suites write it.
  std::string serialize() const;

private:
  std::vector<std::pair<std::string, std::string>> m_defaults;  // extension → type
  std::vector<std::pair<std::string, std::string>> m_overrides; // "/part" → type
};

} // namespace klarmeld::sign
