// Small, allocation-safe helpers to navigate and serialise libxml2 trees by namespace + local name,
// and to register the ID attributes XML-DSig references resolve against (wsu:Id, SAML ID).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "util/markup_escape.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto::xml {

bool is_element(const xmlNode* node, const char* ns, const char* local_name);
xmlNode* first_child_element(xmlNode* parent, const char* ns, const char* local_name);
std::vector<xmlNode*> child_elements(xmlNode* parent, const char* ns, const char* local_name);
std::vector<xmlNode*> child_elements(xmlNode* parent);                                    // all element children
xmlNode* first_descendant(xmlNode* root, const char* ns, const char* local_name);         // depth-first, excl. root
std::vector<xmlNode*> descendants(xmlNode* root, const char* ns, const char* local_name); // incl. root

// Attribute value ("" when absent). ns = nullptr means an unqualified attribute.
std::string attribute(const xmlNode* node, const char* name, const char* ns = nullptr);
bool has_attribute(const xmlNode* node, const char* name, const char* ns = nullptr);
std::string text(const xmlNode* node);         // concatenated text content
std::string trimmed_text(const xmlNode* node); // without surrounding whitespace
std::string local_name(const xmlNode* node);
std::string namespace_of(const xmlNode* node);

// The element carrying registered ID `id` (via wsu:Id / SAML ID registration), or nullptr.
xmlNode* element_by_id(xmlDoc* doc, const std::string& id);

// Which attributes are IDs. No DTD or schema is loaded to say so, so the vocabulary decides.
enum class IdAttributes {
  // wsu:Id on any element (WS-Security 1.1 §4) and the unqualified ID of SAML 2.0 assertion and
  // protocol elements (SAML core §2.3.3, §3.2.1).
  WsSecurityAndSaml,
  // The unqualified Id of XML-DSig's own elements (xmldsig-core §4.5 ds:Object, XAdES
  // SignedProperties), the only IDs an OPC package signature (ECMA-376-2 §13.2.4) uses.
  XmlDsig,
};

// Registers every ID attribute of the given kind as an XML ID, so "#id" references resolve. An empty
// ID, or two elements with one ID, is an error — an ambiguous ID is a classic signature-wrapping
// vector (the verifier and the application could see different nodes).
Status register_ids(xmlDoc* doc, IdAttributes kind = IdAttributes::WsSecurityAndSaml);

// The element as a standalone document fragment (namespaces it uses declared on it), no XML
// declaration: safe to embed verbatim elsewhere without changing its exclusive canonical form.
std::string serialize_element(xmlNode* element);
// The whole document, with an XML declaration, UTF-8, no reformatting.
std::string serialize_document(xmlDoc* doc);

// Escaping for hand-built templates is util's (util/markup_escape.hpp); the protocol code names it here.
using klarmeld::escape_xml;

} // namespace klarmeld::crypto::xml
