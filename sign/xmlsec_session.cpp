#include "sign/xmlsec_session.hpp"

#include <cstring>
#include <mutex>
#include <new>
#include <set>

#include <libxml/parser.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/io.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/parser.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "crypto/xml/xml_security.hpp"

namespace klarmeld::sign {
namespace {

thread_local const Package* t_served_package = nullptr;

// The part name a Manifest URI designates: "/xl/workbook.xml?ContentType=…" → "xl/workbook.xml".
// xmlsec hands us the percent-decoded URI first.
const std::string* served_part(const char* uri) {
  if (t_served_package == nullptr || uri == nullptr || uri[0] != '/') {
    return nullptr;
  }
  std::string_view text(uri);
  text = text.substr(0, text.find_first_of("?#"));
  return t_served_package->find_part(text);
}

struct PartReader {
  const std::string* bytes;
  size_t offset;
};

// IO callbacks: C ABI, so nothing may throw past them.
int match_part(const char* uri) noexcept {
  try {
    return served_part(uri) != nullptr ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

void* open_part(const char* uri) noexcept {
  try {
    const std::string* bytes = served_part(uri);
    return bytes == nullptr ? nullptr : new (std::nothrow) PartReader{bytes, 0};
  } catch (...) {
    return nullptr;
  }
}

int read_part(void* context, char* buffer, int length) noexcept {
  auto* reader = static_cast<PartReader*>(context);
  if (reader == nullptr || length < 0) {
    return -1;
  }
  size_t count = std::min(static_cast<size_t>(length), reader->bytes->size() - reader->offset);
  std::memcpy(buffer, reader->bytes->data() + reader->offset, count);
  reader->offset += count;
  return static_cast<int>(count);
}

int close_part(void* context) noexcept {
  delete static_cast<PartReader*>(context);
  return 0;
}

Status initialise() {
  TRY(crypto::xml::ensure_xml_security());
  // No defaults: the only URIs xmlsec may dereference are parts of the package being processed.
  xmlSecIOCleanupCallbacks();
  if (xmlSecIORegisterCallbacks(match_part, open_part, read_part, close_part) < 0) {
    return internal_error("xmlsec.io", "cannot register the package part resolver");
  }
  // Parts xmlsec parses itself (.rels before the RelationshipTransform): no network, no entities.
  xmlSecParserSetDefaultOptions(XML_PARSE_NONET | XML_PARSE_NODICT);
  return Ok{};
}

} // namespace

Status ensure_xmlsec() {
  static std::once_flag once;
  static Status result = Ok{};
  std::call_once(once, [] { result = initialise(); });
  return result;
}

std::string take_xmlsec_errors() {
  return crypto::xml::take_xmlsec_errors();
}

ServePackageParts::ServePackageParts(const Package& package) : m_previous(t_served_package) {
  t_served_package = &package;
}

ServePackageParts::~ServePackageParts() {
  t_served_package = m_previous;
}

Result<XmlDocPtr> parse_untrusted_xml(std::string_view xml, const std::string& origin) {
  if (xml.size() > static_cast<size_t>(INT32_MAX)) {
    return input_error("xml.too-large", "'" + origin + "' is too large");
  }
  XmlDocPtr document(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!document) {
    const xmlError* error = xmlGetLastError();
    std::string reason = error != nullptr && error->message != nullptr ? error->message : "not well-formed";
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
      reason.pop_back();
    }
    int line = error != nullptr ? error->line : 0;
    return input_error("xml.malformed",
                       "'" + origin + "' is not well-formed XML (line " + std::to_string(line) + "): " + reason);
  }
  if (document->intSubset != nullptr || document->extSubset != nullptr) {
    return input_error("xml.doctype", "'" + origin + "' contains a DOCTYPE, which a signature part may not have");
  }
  if (xmlDocGetRootElement(document.get()) == nullptr) {
    return input_error("xml.empty", "'" + origin + "' has no root element");
  }
  return document;
}

namespace {

void collect_ids(xmlNode* node, std::multiset<std::string>& ids) {
  for (xmlNode* current = node; current != nullptr; current = current->next) {
    if (current->type != XML_ELEMENT_NODE) {
      continue;
    }
    for (xmlAttr* attribute = current->properties; attribute != nullptr; attribute = attribute->next) {
      if (attribute->ns == nullptr && xmlStrcmp(attribute->name, reinterpret_cast<const xmlChar*>("Id")) == 0) {
        xmlChar* value = xmlNodeGetContent(reinterpret_cast<xmlNode*>(attribute));
        ids.insert(value != nullptr ? reinterpret_cast<const char*>(value) : "");
        xmlFree(value);
      }
    }
    collect_ids(current->children, ids);
  }
}

} // namespace

Status register_ids(xmlDoc* document, const std::string& origin) {
  std::multiset<std::string> ids;
  xmlNode* root = xmlDocGetRootElement(document);
  collect_ids(root, ids);
  for (const std::string& id : ids) {
    if (ids.count(id) > 1) {
      return input_error("signature.duplicate-id",
                         "'" + origin + "' defines Id \"" + id + "\" more than once (signature wrapping?)");
    }
  }
  static const xmlChar* id_names[] = {reinterpret_cast<const xmlChar*>("Id"), nullptr};
  xmlSecAddIDs(document, root, id_names);
  return Ok{};
}

Result<XmlSecKeyPtr> make_xmlsec_key(EVP_PKEY* key) {
  EVP_PKEY_up_ref(key);
  xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(key);
  if (data == nullptr) {
    EVP_PKEY_free(key);
    return internal_error("xmlsec.key", "xmlsec cannot use this key type: " + take_xmlsec_errors());
  }
  XmlSecKeyPtr xmlsec_key(xmlSecKeyCreate());
  if (!xmlsec_key || xmlSecKeySetValue(xmlsec_key.get(), data) < 0) {
    xmlSecKeyDataDestroy(data);
    return internal_error("xmlsec.key", "cannot create an xmlsec key");
  }
  return xmlsec_key;
}

std::string serialize_xml(xmlDoc* document) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(document, &buffer, &size, "UTF-8");
  std::string result(reinterpret_cast<const char*>(buffer), static_cast<size_t>(size));
  xmlFree(buffer);
  return result;
}

} // namespace klarmeld::sign
