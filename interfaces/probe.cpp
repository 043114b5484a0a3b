#include "interfaces/probe.hpp"

namespace klarmeld::probes {

ProbeResult ProbeResult::ja(std::string reason) {
  ProbeResult result;
  result.verdict = Verdict::Ja;
  result.reason = std::move(reason);
  return result;
}

ProbeResult ProbeResult::nej(std::string reason) {
  ProbeResult result;
  result.verdict = Verdict::Nej;
  result.reason = std::move(reason);
  return result;
}

ProbeResult ProbeResult::not_tested(std::string reason) {
  ProbeResult result;
  result.verdict = Verdict::IkkeTestet;
  result.reason = std::move(reason);
  return result;
}

} // namespace klarmeld::probes
