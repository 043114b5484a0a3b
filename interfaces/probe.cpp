#include "interfaces/probe.hpp"

#include <exception>

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

namespace {

// Building the reason allocates; should even that fail, the verdict still stands without a reason
// (ProbeResult's default is IkkeTestet) rather than an exception leaving a noexcept function.
ProbeResult failed(std::string_view type, std::string_view what) noexcept {
  try {
    return ProbeResult::not_tested(std::string(type) + " probe failed: " + std::string(what));
  } catch (...) {
    return ProbeResult{};
  }
}

} // namespace

ProbeResult Probe::run(const criteria::Criterion& criterion, const criteria::ProbeSpec& spec,
                       ProbeContext& context) noexcept {
  try {
    return check(criterion, spec, context);
  } catch (const std::exception& failure) {
    return failed(type(), failure.what());
  } catch (...) { // e.g. `throw 42;` from a library: nothing to quote, but still no verdict
    return failed(type(), "an exception that is not a std::exception");
  }
}

} // namespace klarmeld::probes
