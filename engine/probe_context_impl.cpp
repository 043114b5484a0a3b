#include "engine/probe_context_impl.hpp"

namespace klarmeld::engine {

ProbeContextImpl::ProbeContextImpl(RunResources& resources, const criteria::Interface& interface,
                                   std::string criterion_id, size_t scope)
    : m_resources(resources), m_interface(interface), m_criterion_id(std::move(criterion_id)), m_scope(scope) {}

Result<profile::InterfaceEndpoint> ProbeContextImpl::endpoint(const std::string& interface_id) const {
  const std::string& id = interface_id.empty() ? m_interface.id : interface_id;
  const auto& endpoints = m_resources.profile().environment.interfaces;
  auto found = endpoints.find(id);
  if (found == endpoints.end()) {
    return input_error("profile.no-endpoint",
                       "the profile has no endpoint for " + id + " (environment.interfaces." + id + ".url)");
  }
  if (!found->second.unavailable.empty()) {
    // The environment's own word on why the endpoint is missing (docs/profile-format.md), so a signed
    // result says what happened rather than only that an endpoint is missing.
    return input_error("profile.endpoint-unavailable",
                       "the test environment has no endpoint for " + id + ": " + found->second.unavailable);
  }
  return found->second;
}

std::string ProbeContextImpl::record_exchange(const std::string& label, const std::string& request,
                                              const std::string& response) {
  std::string saved;
  std::string owner = m_scope == 0 ? m_criterion_id : m_criterion_id + "-" + profile().municipality_name;
  m_last_evidence_digest = m_resources.record_exchange(owner, label, request, response, &saved);
  if (!saved.empty()) {
    m_last_evidence_file = saved;
  }
  return m_last_evidence_digest;
}

void ProbeContextImpl::cite_exchange(const std::string& evidence_digest, const std::string& evidence_file) {
  m_last_evidence_digest = evidence_digest;
  if (!evidence_file.empty()) {
    m_last_evidence_file = evidence_file;
  }
}

} // namespace klarmeld::engine
