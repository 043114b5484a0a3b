#include "crypto/xml/element_source.hpp"

#include <cstring>
#include <set>
#include <vector>

#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::crypto::xml {
namespace {

// Position of `element` among all elements of its document in document order (0 = the root).
bool element_index(xmlNode* node, const xmlNode* element, size_t& index) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (node == element) {
      return true;
    }
    ++index;
    if (element_index(node->children, element, index)) {
      return true;
    }
  }
  return false;
}

size_t skip_past(std::string_view text, size_t from, std::string_view terminator) {
  size_t at = text.find(terminator, from);
  return at == std::string_view::npos ? std::string_view::npos : at + terminator.size();
}

// The end of a start or end tag beginning at `from` ('<'): one past its '>', honouring quoted
// attribute values (which may hold a literal '>').
size_t tag_end(std::string_view text, size_t from, bool& empty_element) {
  char quote = 0;
  for (size_t i = from + 1; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      empty_element = text[i - 1] == '/';
      return i + 1;
    }
  }
  return std::string_view::npos;
}

void collect_namespaces(xmlNode* node, std::set<const xmlNs*>& declared, std::vector<const xmlNs*>& used) {
  for (xmlNs* ns = node->nsDef; ns != nullptr; ns = ns->next) {
    declared.insert(ns);
  }
  if (node->ns != nullptr) {
    used.push_back(node->ns);
  }
  for (xmlAttr* attribute = node->properties; attribute != nullptr; attribute = attribute->next) {
    if (attribute->ns != nullptr) {
      used.push_back(attribute->ns);
    }
  }
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) {
      collect_namespaces(child, declared, used);
    }
  }
}

// Declarations for the namespaces the subtree visibly uses but whose declaration sits on an
// ancestor outside it; empty for a self-contained element (then the bytes are returned untouched).
std::string inherited_declarations(xmlNode* element) {
  std::set<const xmlNs*> declared;
  std::vector<const xmlNs*> used;
  collect_namespaces(element, declared, used);
  std::set<std::string> prefixes;
  std::string declarations;
  for (const xmlNs* ns : used) {
    const char* prefix = reinterpret_cast<const char*>(ns->prefix);
    if (declared.count(ns) != 0 || (prefix != nullptr && std::strcmp(prefix, "xml") == 0) ||
        !prefixes.insert(prefix == nullptr ? std::string() : ":" + std::string(prefix)).second) {
      continue;
    }
    declarations += prefix == nullptr ? std::string(" xmlns=\"") : " xmlns:" + std::string(prefix) + "=\"";
    declarations += escape_xml(reinterpret_cast<const char*>(ns->href)) + "\"";
  }
  return declarations;
}

} // namespace

Result<SourceRange> element_range(std::string_view text, xmlNode* element) {
  size_t target = 0;
  if (element == nullptr || element->doc == nullptr || element->type != XML_ELEMENT_NODE ||
      !element_index(element->doc->children, element, target)) {
    return internal_error("xml.source", "the element is not part of a parsed document");
  }
  // A lexical walk over the (already well-formed) text: the target-th start tag is the element.
  size_t seen = 0;
  size_t start = std::string_view::npos;
  int depth = 0;
  for (size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at)) {
    std::string_view rest = text.substr(at);
    size_t next = std::string_view::npos;
    if (rest.rfind("<!--", 0) == 0) {
      next = skip_past(text, at + 4, "-->");
    } else if (rest.rfind("<![CDATA[", 0) == 0) {
      next = skip_past(text, at + 9, "]]>");
    } else if (rest.rfind("<?", 0) == 0) {
      next = skip_past(text, at + 2, "?>");
    } else if (rest.rfind("<!", 0) == 0) {
      next = skip_past(text, at + 2, ">");
    } else {
      bool empty_element = false;
      next = tag_end(text, at, empty_element);
      if (next == std::string_view::npos) {
        break;
      }
      if (rest.rfind("</", 0) == 0) {
        if (start != std::string_view::npos && --depth == 0) {
          return SourceRange{start, next - start};
        }
      } else if (start != std::string_view::npos) {
        depth += empty_element ? 0 : 1;
      } else if (seen++ == target) {
        start = at;
        if (empty_element) {
          return SourceRange{start, next - start};
        }
        depth = 1;
      }
    }
    if (next == std::string_view::npos) {
      break;
    }
    at = next;
  }
  return input_error("xml.source", "could not locate the element's bytes in the text it was parsed from");
}

Result<std::string> element_source(std::string_view text, xmlNode* element) {
  TRY_ASSIGN(SourceRange range, element_range(text, element));
  std::string source(text.substr(range.offset, range.length));
  source.insert(source.find_first_of(" \t\r\n/>"), inherited_declarations(element));
  return source;
}

} // namespace klarmeld::crypto::xml
