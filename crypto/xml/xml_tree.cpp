#include "crypto/xml/xml_tree.hpp"

#include <cstring>

#include <libxml/valid.h>
#include <libxml/xmlsave.h>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/xml_handles.hpp"

namespace klarmeld::crypto::xml {
namespace {

bool same(const xmlChar* a, const char* b) {
  if (a == nullptr || b == nullptr) {
    return a == nullptr && b == nullptr;
  }
  return std::strcmp(as_chars(a), b) == 0;
}

void collect_descendants(xmlNode* node, const char* ns, const char* name, std::vector<xmlNode*>& out) {
  // Iterative walk: untrusted documents may be deep, and recursion depth would follow them.
  xmlNode* current = node;
  while (current != nullptr) {
    if (is_element(current, ns, name)) {
      out.push_back(current);
    }
    if (current->children != nullptr && current->type == XML_ELEMENT_NODE) {
      current = current->children;
      continue;
    }
    while (current != nullptr && current != node && current->next == nullptr) {
      current = current->parent;
    }
    if (current == nullptr || current == node) {
      break;
    }
    current = current->next;
  }
}

Status register_one(xmlDoc* doc, xmlAttr* attr) {
  XmlCharPtr value(xmlNodeListGetString(doc, attr->children, 1));
  if (!value || value.get()[0] == 0) {
    return input_error("xml.empty-id", "element <" + local_name(attr->parent) + "> has an empty ID attribute");
  }
  xmlAttr* existing = xmlGetID(doc, value.get());
  if (existing == attr) {
    return Ok{};
  }
  if (existing != nullptr) {
    return input_error("xml.duplicate-id", std::string("ID \"") + as_chars(value.get()) +
                                               "\" is used by more than one element (ambiguous reference)");
  }
  if (xmlAddID(nullptr, doc, value.get(), attr) == nullptr) {
    return internal_error("xml.add-id", "libxml2 could not register an ID attribute");
  }
  return Ok{};
}

bool is_saml_id_owner(const xmlNode* node) {
  return node->ns != nullptr && (same(node->ns->href, ns::saml) || same(node->ns->href, ns::samlp));
}

bool is_ws_security_or_saml_id(const xmlNode* element, const xmlAttr* attr) {
  bool wsu_id = same(attr->name, "Id") && attr->ns != nullptr && same(attr->ns->href, ns::wsu);
  bool saml_id = same(attr->name, "ID") && attr->ns == nullptr && is_saml_id_owner(element);
  return wsu_id || saml_id;
}

} // namespace

bool is_element(const xmlNode* node, const char* ns, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) {
    return false;
  }
  if (name != nullptr && !same(node->name, name)) {
    return false;
  }
  if (ns == nullptr) {
    return true;
  }
  return node->ns != nullptr && same(node->ns->href, ns);
}

xmlNode* first_child_element(xmlNode* parent, const char* ns, const char* name) {
  if (parent == nullptr) {
    return nullptr;
  }
  for (xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (is_element(child, ns, name)) {
      return child;
    }
  }
  return nullptr;
}

std::vector<xmlNode*> child_elements(xmlNode* parent, const char* ns, const char* name) {
  std::vector<xmlNode*> found;
  if (parent == nullptr) {
    return found;
  }
  for (xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (is_element(child, ns, name)) {
      found.push_back(child);
    }
  }
  return found;
}

std::vector<xmlNode*> child_elements(xmlNode* parent) {
  return child_elements(parent, nullptr, nullptr);
}

xmlNode* first_descendant(xmlNode* root, const char* ns, const char* name) {
  if (root == nullptr) {
    return nullptr;
  }
  std::vector<xmlNode*> found;
  for (xmlNode* child = root->children; child != nullptr && found.empty(); child = child->next) {
    collect_descendants(child, ns, name, found);
  }
  return found.empty() ? nullptr : found.front();
}

std::vector<xmlNode*> descendants(xmlNode* root, const char* ns, const char* name) {
  std::vector<xmlNode*> found;
  collect_descendants(root, ns, name, found);
  return found;
}

std::string attribute(const xmlNode* node, const char* name, const char* ns) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) {
    return {};
  }
  XmlCharPtr value(ns == nullptr ? xmlGetNoNsProp(node, as_xml(name)) : xmlGetNsProp(node, as_xml(name), as_xml(ns)));
  return value ? std::string(as_chars(value.get())) : std::string();
}

bool has_attribute(const xmlNode* node, const char* name, const char* ns) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) {
    return false;
  }
  return (ns == nullptr ? xmlHasNsProp(node, as_xml(name), nullptr) : xmlHasNsProp(node, as_xml(name), as_xml(ns))) !=
         nullptr;
}

std::string text(const xmlNode* node) {
  if (node == nullptr) {
    return {};
  }
  XmlCharPtr content(xmlNodeGetContent(node));
  return content ? std::string(as_chars(content.get())) : std::string();
}

std::string trimmed_text(const xmlNode* node) {
  std::string value = text(node);
  const char* space = " \t\r\n";
  auto first = value.find_first_not_of(space);
  if (first == std::string::npos) {
    return {};
  }
  auto last = value.find_last_not_of(space);
  return value.substr(first, last - first + 1);
}

std::string local_name(const xmlNode* node) {
  return node != nullptr && node->name != nullptr ? as_chars(node->name) : "";
}

std::string namespace_of(const xmlNode* node) {
  return node != nullptr && node->ns != nullptr && node->ns->href != nullptr ? as_chars(node->ns->href) : "";
}

xmlNode* element_by_id(xmlDoc* doc, const std::string& id) {
  if (doc == nullptr || id.empty()) {
    return nullptr;
  }
  xmlAttr* attr = xmlGetID(doc, as_xml(id.c_str()));
  return attr != nullptr ? attr->parent : nullptr;
}

Status register_ids(xmlDoc* doc, IdAttributes kind) {
  xmlNode* root = xmlDocGetRootElement(doc);
  for (xmlNode* element : descendants(root, nullptr, nullptr)) {
    for (xmlAttr* attr = element->properties; attr != nullptr; attr = attr->next) {
      bool is_id = kind == IdAttributes::XmlDsig ? same(attr->name, "Id") && attr->ns == nullptr
                                                 : is_ws_security_or_saml_id(element, attr);
      if (is_id) {
        TRY(register_one(doc, attr));
      }
    }
  }
  return Ok{};
}

std::string serialize_element(xmlNode* element) {
  XmlDocPtr copy(xmlNewDoc(as_xml("1.0")));
  if (!copy) {
    return {};
  }
  // xmlDocCopyNode declares on the copy every namespace the subtree uses but inherits.
  xmlNode* root = xmlDocCopyNode(element, copy.get(), 1);
  if (root == nullptr) {
    return {};
  }
  xmlDocSetRootElement(copy.get(), root);
  xmlReconciliateNs(copy.get(), root);
  xmlBufferPtr buffer = xmlBufferCreate();
  if (buffer == nullptr) {
    return {};
  }
  xmlNodeDump(buffer, copy.get(), root, 0, 0);
  std::string out(as_chars(xmlBufferContent(buffer)), static_cast<size_t>(xmlBufferLength(buffer)));
  xmlBufferFree(buffer);
  return out;
}

std::string serialize_document(xmlDoc* doc) {
  xmlChar* memory = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &memory, &size, "UTF-8");
  XmlCharPtr owned(memory);
  return owned ? std::string(as_chars(owned.get()), static_cast<size_t>(size)) : std::string();
}

} // namespace klarmeld::crypto::xml
