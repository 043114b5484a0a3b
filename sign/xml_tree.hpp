// Small, explicit navigation over libxml2 trees (namespace-aware; elements only).
#pragma once

#include <string>
#include <vector>

#include <libxml/tree.h>

namespace klarmeld::sign {

bool is_element(const xmlNode* node, const char* namespace_uri, const char* local_name);
xmlNode* first_child(xmlNode* parent, const char* namespace_uri, const char* local_name);
std::vector<xmlNode*> child_elements(xmlNode* parent);
std::vector<xmlNode*> children_named(xmlNode* parent, const char* namespace_uri, const char* local_name);
// Depth-first search below (and including) node.
xmlNode* find_descendant(xmlNode* node, const char* namespace_uri, const char* local_name);
std::string text_of(const xmlNode* node);
std::string attribute_of(const xmlNode* node, const char* name);

} // namespace klarmeld::sign
