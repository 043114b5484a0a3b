#include "sign/relationships.hpp"

#include <algorithm>

#include <pugixml.hpp>

#include "sign/opc_names.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::sign {

Result<std::vector<Relationship>> parse_relationships(std::string_view xml, const std::string& origin) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    return input_error("package.relationships", "'" + origin + "' is not well-formed: " + parsed.description());
  }
  pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "Relationships" ||
      std::string_view(root.attribute("xmlns").value()) != names::relationships_namespace) {
    return input_error("package.relationships", "'" + origin + "' has no Relationships root element");
  }
  std::vector<Relationship> relationships;
  for (pugi::xml_node child : root.children("Relationship")) {
    relationships.push_back({child.attribute("Id").value(), child.attribute("Type").value(),
                             child.attribute("Target").value(), child.attribute("TargetMode").value()});
  }
  return relationships;
}

std::string serialize_relationships(const std::vector<Relationship>& relationships) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"";
  xml += names::relationships_namespace;
  xml += "\">";
  for (const Relationship& relationship : relationships) {
    xml += "<Relationship Id=\"" + escape_xml_canonical(relationship.id) + "\" Type=\"" +
           escape_xml_canonical(relationship.type) + "\" Target=\"" + escape_xml_canonical(relationship.target) + "\"";
    if (!relationship.target_mode.empty()) {
      xml += " TargetMode=\"" + escape_xml_canonical(relationship.target_mode) + "\"";
    }
    xml += "/>";
  }
  xml += "</Relationships>";
  return xml;
}

std::string relationships_part_for(std::string_view source_part) {
  if (source_part.starts_with('/')) {
    source_part.remove_prefix(1);
  }
  if (source_part.empty()) {
    return names::root_relationships_part;
  }
  size_t slash = source_part.rfind('/');
  std::string folder = slash == std::string_view::npos ? "" : std::string(source_part.substr(0, slash + 1));
  std::string file(slash == std::string_view::npos ? source_part : source_part.substr(slash + 1));
  return folder + "_rels/" + file + ".rels";
}

bool is_relationships_part(std::string_view name) {
  return name.ends_with(".rels") && (name.starts_with("_rels/") || name.find("/_rels/") != std::string_view::npos);
}

std::string unused_relationship_id(const std::vector<Relationship>& relationships) {
  for (int n = 1;; ++n) {
    std::string candidate = "rId" + std::to_string(n);
    bool taken = std::any_of(relationships.begin(), relationships.end(),
                             [&](const Relationship& relationship) { return relationship.id == candidate; });
    if (!taken) {
      return candidate;
    }
  }
}

} // namespace klarmeld::sign

namespace klarmeld::sign {

std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string path;
  if (target.starts_with('/')) {
    path = std::string(target.substr(1));
  } else {
    size_t slash = source_part.rfind('/');
    path = (slash == std::string_view::npos ? std::string() : std::string(source_part.substr(0, slash + 1))) +
           std::string(target);
  }
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    std::string segment = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (segment == "..") {
      if (segments.empty()) {
        return {};
      }
      segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  std::string resolved;
  for (const std::string& segment : segments) {
    resolved += (resolved.empty() ? "" : "/") + segment;
  }
  return resolved;
}

} // namespace klarmeld::sign
