#include "sign/reference_cache.hpp"

#include <mutex>
#include <set>

namespace klarmeld::sign {
namespace {

// A few relationships parts per writer and layout; beyond that it starts afresh.
constexpr std::size_t reference_cache_limit = 1024;

std::mutex g_reference_mutex;
std::set<std::string, std::less<>>& intact_references() {
  static auto* keys = new std::set<std::string, std::less<>>(); // never freed: used until exit
  return *keys;
}

// Length-prefixed, so no two different sequences of fields give one key.
void append_key_field(std::string& key, const xmlChar* text) {
  std::string_view value = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  key += std::to_string(value.size());
  key += ':';
  key += value;
}

bool append_key_element(const xmlNode* element, std::string& key);

// Text and elements in document order. Comments, processing instructions and entity references make
// the key uncacheable (false): such a Reference goes through xmlsec every time.
bool append_key_nodes(const xmlNode* node, std::string& key) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      key += 't';
      append_key_field(key, node->content);
    } else if (node->type != XML_ELEMENT_NODE || !append_key_element(node, key)) {
      return false;
    }
  }
  return true;
}

// An element by namespace name and local name (prefixes are the writer's choice), its attributes
// likewise with their values, then its content: everything xmlsec reads from a Reference.
bool append_key_element(const xmlNode* element, std::string& key) {
  key += '<';
  append_key_field(key, element->ns != nullptr ? element->ns->href : nullptr);
  append_key_field(key, element->name);
  for (const xmlAttr* attribute = element->properties; attribute != nullptr; attribute = attribute->next) {
    key += '@';
    append_key_field(key, attribute->ns != nullptr ? attribute->ns->href : nullptr);
    append_key_field(key, attribute->name);
    if (!append_key_nodes(attribute->children, key)) {
      return false;
    }
  }
  key += '>';
  if (!append_key_nodes(element->children, key)) {
    return false;
  }
  key += '/';
  return true;
}

} // namespace

std::optional<std::string> manifest_reference_key(const xmlNode* reference, std::string_view part_sha256) {
  if (reference == nullptr || reference->type != XML_ELEMENT_NODE || part_sha256.empty()) {
    return std::nullopt;
  }
  std::string key(part_sha256);
  key += '\n';
  if (!append_key_element(reference, key)) {
    return std::nullopt;
  }
  return key;
}

bool manifest_reference_known_intact(const std::string& key) {
  std::lock_guard lock(g_reference_mutex);
  return intact_references().contains(key);
}

void remember_intact_manifest_reference(std::string key) {
  std::lock_guard lock(g_reference_mutex);
  if (intact_references().size() >= reference_cache_limit) {
    intact_references().clear();
  }
  intact_references().insert(std::move(key));
}

} // namespace klarmeld::sign
