#include "sign/xmlsec_session.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <string_view>

#include <libxml/parser.h>
#include <xmlsec/io.h>
#include <xmlsec/parser.h>

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

ServePackageParts::ServePackageParts(const Package& package) : m_previous(t_served_package) {
  t_served_package = &package;
}

ServePackageParts::~ServePackageParts() {
  t_served_package = m_previous;
}

} // namespace klarmeld::sign
