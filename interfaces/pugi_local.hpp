// Finding elements in a pugixml tree by local name. SAML metadata and MeMo messages come with
// whatever prefixes the sender chose (md:, ds:, memo:), and pugixml keeps names as written, so the
// read-only checks compare the part after the last ':' (XML Namespaces 1.0 §4, the local part).
#pragma once

#include <vector>

#include <pugixml.hpp>

namespace klarmeld::pugi_local {

bool is(const pugi::xml_node& node, const char* local);
pugi::xml_node child(const pugi::xml_node& node, const char* local); // the first; empty when none
std::vector<pugi::xml_node> children(const pugi::xml_node& node, const char* local);

} // namespace klarmeld::pugi_local
