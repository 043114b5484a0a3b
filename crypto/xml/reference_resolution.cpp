#include "crypto/xml/reference_resolution.hpp"

#include "crypto/xml/xml_handles.hpp"
#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::crypto::xml {
namespace {

bool plain_id_character(xmlChar c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// xmlsec resolves a Reference URI "#name" by evaluating the XPointer xpointer(id('name')), with a new
// XPath/XPointer context (function and namespace tables) per reference: about 4 % of a rollout's CPU
// (docs/performance.md §6, session 11). XMLSEC_DSIG_FLAGS_USE_VISA3D_HACK looks the name up with
// xmlGetID instead, the lookup XPath's id() itself makes, and digests the same node set (the element's
// subtree without comments). The two differ only for names that are not a plain registered ID: id()
// splits its argument at white space, an apostrophe ends the XPath literal, parentheses and "^" are
// XPointer syntax, and an unknown name is an empty node set there but an error here. So the direct
// lookup is used only when every reference the context resolves, read as xmlsec reads it
// (xmlGetProp), names a registered ID made of letters, digits, '_', '-' and '.'.
bool references_resolve_directly(const std::vector<xmlNode*>& references) {
  for (xmlNode* reference : references) {
    XmlCharPtr uri(xmlGetProp(reference, as_xml("URI")));
    if (!uri || uri.get()[0] != '#' || uri.get()[1] == 0) {
      return false;
    }
    for (const xmlChar* c = uri.get() + 1; *c != 0; ++c) {
      if (!plain_id_character(*c)) {
        return false;
      }
    }
    if (element_by_id(reference->doc, as_chars(uri.get() + 1)) == nullptr) {
      return false;
    }
  }
  return !references.empty();
}

} // namespace

void resolve_references_directly_when_equivalent(xmlSecDSigCtx& ctx, const std::vector<xmlNode*>& references) {
  if (references_resolve_directly(references)) {
    ctx.flags |= XMLSEC_DSIG_FLAGS_USE_VISA3D_HACK;
  }
}

} // namespace klarmeld::crypto::xml
