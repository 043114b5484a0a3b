#include "sign/xml_tree.hpp"

#include <cstring>

namespace klarmeld::sign {

bool is_element(const xmlNode* node, const char* namespace_uri, const char* local_name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE ||
      xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(local_name)) != 0) {
    return false;
  }
  const char* actual =
      node->ns != nullptr && node->ns->href != nullptr ? reinterpret_cast<const char*>(node->ns->href) : "";
  return std::strcmp(actual, namespace_uri) == 0;
}

xmlNode* first_child(xmlNode* parent, const char* namespace_uri, const char* local_name) {
  for (xmlNode* child = parent != nullptr ? parent->children : nullptr; child != nullptr; child = child->next) {
    if (is_element(child, namespace_uri, local_name)) {
      return child;
    }
  }
  return nullptr;
}

std::vector<xmlNode*> child_elements(xmlNode* parent) {
  std::vector<xmlNode*> result;
  for (xmlNode* child = parent != nullptr ? parent->children : nullptr; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) {
      result.push_back(child);
    }
  }
  return result;
}

std::vector<xmlNode*> children_named(xmlNode* parent, const char* namespace_uri, const char* local_name) {
  std::vector<xmlNode*> result;
  for (xmlNode* child = parent != nullptr ? parent->children : nullptr; child != nullptr; child = child->next) {
    if (is_element(child, namespace_uri, local_name)) {
      result.push_back(child);
    }
  }
  return result;
}

xmlNode* find_descendant(xmlNode* node, const char* namespace_uri, const char* local_name) {
  if (node == nullptr) {
    return nullptr;
  }
  if (is_element(node, namespace_uri, local_name)) {
    return node;
  }
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (xmlNode* found = find_descendant(child, namespace_uri, local_name)) {
      return found;
    }
  }
  return nullptr;
}

std::string text_of(const xmlNode* node) {
  if (node == nullptr) {
    return {};
  }
  xmlChar* content = xmlNodeGetContent(node);
  std::string text = content != nullptr ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return text;
}

std::string attribute_of(const xmlNode* node, const char* name) {
  if (node == nullptr) {
    return {};
  }
  xmlChar* value = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string text = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return text;
}

} // namespace klarmeld::sign
