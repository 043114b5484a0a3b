#include "engine/assessment.hpp"

namespace klarmeld::engine {

Readiness Assessment::readiness() const {
  for (const auto& interface : interfaces) {
    if (interface.assessed && interface.klarmeldt != Verdict::Ja) {
      return Readiness::NotReady;
    }
  }
  return Readiness::Ready;
}

} // namespace klarmeld::engine
