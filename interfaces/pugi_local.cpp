#include "interfaces/pugi_local.hpp"

#include <cstring>

namespace klarmeld::pugi_local {

bool is(const pugi::xml_node& node, const char* local) {
  const char* name = node.name();
  const char* colon = std::strrchr(name, ':');
  return std::strcmp(colon != nullptr ? colon + 1 : name, local) == 0;
}

pugi::xml_node child(const pugi::xml_node& node, const char* local) {
  for (auto item : node.children()) {
    if (is(item, local)) {
      return item;
    }
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& node, const char* local) {
  std::vector<pugi::xml_node> found;
  for (auto item : node.children()) {
    if (is(item, local)) {
      found.push_back(item);
    }
  }
  return found;
}

} // namespace klarmeld::pugi_local
