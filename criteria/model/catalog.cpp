#include "criteria/model/catalog.hpp"

namespace klarmeld::criteria {

const Interface* Catalog::find(const std::string& interface_id) const {
  for (const auto& interface : interfaces) {
    if (interface.id == interface_id) {
      return &interface;
    }
  }
  return nullptr;
}

const Criterion* Catalog::find_criterion(const std::string& criterion_id) const {
  for (const auto& interface : interfaces) {
    for (const auto& criterion : interface.criteria) {
      if (criterion.id == criterion_id) {
        return &criterion;
      }
    }
  }
  return nullptr;
}

const Successor* Catalog::find_successor(const std::string& id) const {
  for (const auto& successor : successors) {
    if (successor.id == id) {
      return &successor;
    }
  }
  return nullptr;
}

const char* to_string(Direction direction) {
  return direction == Direction::Uses ? "uses" : "exposes";
}

const char* to_string(TextSource source) {
  return source == TextSource::Published ? "published" : "drafted";
}

} // namespace klarmeld::criteria
