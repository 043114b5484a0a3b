// RAII for the libxml2 and libxmlsec1 handles the XML-security code uses: each freed by its own call.
#pragma once

#include <memory>

#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/nodeset.h>
#include <xmlsec/xmldsig.h>

#include "crypto/handles.hpp"

namespace klarmeld::crypto::xml {

// libxml2 spells text as unsigned xmlChar (UTF-8 bytes); these two casts are the only bridge to char.
inline const xmlChar* as_xml(const char* text) {
  return reinterpret_cast<const xmlChar*>(text);
}
inline const char* as_chars(const xmlChar* text) {
  return reinterpret_cast<const char*>(text);
}

inline void free_xml_chars(xmlChar* text) {
  xmlFree(text);
}

using XmlDocPtr = std::unique_ptr<xmlDoc, Deleter<xmlFreeDoc>>;
using XmlNodePtr = std::unique_ptr<xmlNode, Deleter<xmlFreeNode>>; // only for unlinked nodes
using XmlCharPtr = std::unique_ptr<xmlChar, Deleter<free_xml_chars>>;
using DSigCtxPtr = std::unique_ptr<xmlSecDSigCtx, Deleter<xmlSecDSigCtxDestroy>>;
using DSigReferenceCtxPtr = std::unique_ptr<xmlSecDSigReferenceCtx, Deleter<xmlSecDSigReferenceCtxDestroy>>;
using KeysMngrPtr = std::unique_ptr<xmlSecKeysMngr, Deleter<xmlSecKeysMngrDestroy>>;
using XmlSecKeyPtr = std::unique_ptr<xmlSecKey, Deleter<xmlSecKeyDestroy>>;
using NodeSetPtr = std::unique_ptr<xmlSecNodeSet, Deleter<xmlSecNodeSetDestroy>>;

} // namespace klarmeld::crypto::xml
