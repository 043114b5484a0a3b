#include "profile/profile.hpp"

#include <cstdio>

namespace klarmeld::profile {

std::string Date::iso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

SelfDeclaration Profile::declaration_for(const std::string& interface_id) const {
  auto found = declarations.find(interface_id);
  return found == declarations.end() ? SelfDeclaration::IkkeAngivet : found->second;
}

const Evidence* Profile::evidence_for(const std::string& criterion_id) const {
  for (const auto& item : evidence) {
    if (item.criterion_id == criterion_id) {
      return &item;
    }
  }
  return nullptr;
}

const char* to_danish(SelfDeclaration declaration) {
  switch (declaration) {
  case SelfDeclaration::Anvendes:
    return "Anvendes";
  case SelfDeclaration::UnderUdvikling:
    return "Under udvikling";
  case SelfDeclaration::IkkeRelevant:
    return "Ikke relevant";
  case SelfDeclaration::IkkeAngivet:
    return "Ikke angivet";
  }
  return "Ikke angivet";
}

const char* to_yaml_word(SelfDeclaration declaration) {
  switch (declaration) {
  case SelfDeclaration::Anvendes:
    return "anvendes";
  case SelfDeclaration::UnderUdvikling:
    return "under_udvikling";
  case SelfDeclaration::IkkeRelevant:
    return "ikke_relevant";
  case SelfDeclaration::IkkeAngivet:
    return "ikke_angivet";
  }
  return "ikke_angivet";
}

} // namespace klarmeld::profile
