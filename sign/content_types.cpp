#include "sign/content_types.hpp"

#include <algorithm>

#include <pugixml.hpp>

#include "sign/opc_names.hpp"
#include "sign/part_names.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::sign {
namespace {

std::string with_leading_slash(std::string_view part_name) {
  return part_name.starts_with('/') ? std::string(part_name) : "/" + std::string(part_name);
}

} // namespace

Result<ContentTypes> ContentTypes::parse(std::string_view xml, const std::string& origin) {
  pugi::xml_document document;
  // pugixml never fetches external entities or DTDs; parse_default ignores the DOCTYPE.
  pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    return input_error("package.content-types",
                       "'" + origin + "': [Content_Types].xml is not well-formed: " + parsed.description());
  }
  pugi::xml_node types = document.document_element();
  if (std::string_view(types.name()) != "Types" ||
      std::string_view(types.attribute("xmlns").value()) != names::content_types_namespace) {
    return input_error("package.content-types", "'" + origin + "': [Content_Types].xml has no Types root element");
  }
  ContentTypes result;
  for (pugi::xml_node child : types.children()) {
    std::string_view name = child.name();
    if (name == "Default") {
      result.m_defaults.emplace_back(child.attribute("Extension").value(), child.attribute("ContentType").value());
    } else if (name == "Override") {
      result.m_overrides.emplace_back(child.attribute("PartName").value(), child.attribute("ContentType").value());
    }
  }
  return result;
}

std::optional<std::string> ContentTypes::type_of(std::string_view part_name) const {
  std::string wanted = with_leading_slash(part_name);
  for (const auto& [name, type] : m_overrides) {
    if (same_part_name(name, wanted)) {
      return type;
    }
  }
  size_t slash = wanted.rfind('/');
  size_t dot = wanted.rfind('.');
  if (dot == std::string::npos || dot < slash) {
    return std::nullopt;
  }
  std::string_view extension = std::string_view(wanted).substr(dot + 1);
  for (const auto& [name, type] : m_defaults) {
    if (same_part_name(name, extension)) {
      return type;
    }
  }
  return std::nullopt;
}

void ContentTypes::set_default(const std::string& extension, const std::string& content_type) {
  for (auto& [name, type] : m_defaults) {
    if (same_part_name(name, extension)) {
      type = content_type;
      return;
    }
  }
  m_defaults.emplace_back(extension, content_type);
}

void ContentTypes::set_override(const std::string& part_name, const std::string& content_type) {
  for (auto& [name, type] : m_overrides) {
    if (same_part_name(name, part_name)) {
      type = content_type;
      return;
    }
  }
  m_overrides.emplace_back(part_name, content_type);
}

bool ContentTypes::remove_override(std::string_view part_name) {
  std::string wanted = with_leading_slash(part_name);
  auto it = std::find_if(m_overrides.begin(), m_overrides.end(),
                         [&](const auto& entry) { return same_part_name(entry.first, wanted); });
  if (it == m_overrides.end()) {
    return false;
  }
  m_overrides.erase(it);
  return true;
}

std::string ContentTypes::serialize() const {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"";
  xml += names::content_types_namespace;
  xml += "\">";
  for (const auto& [extension, type] : m_defaults) {
    xml += "<Default Extension=\"" + escape_xml_canonical(extension) + "\" ContentType=\"" +
           escape_xml_canonical(type) + "\"/>";
  }
  for (const auto& [part, type] : m_overrides) {
    xml += "<Override PartName=\"" + escape_xml_canonical(part) + "\" ContentType=\"" + escape_xml_canonical(type) +
           "\"/>";
  }
  xml += "</Types>";
  return xml;
}

} // namespace klarmeld::sign
